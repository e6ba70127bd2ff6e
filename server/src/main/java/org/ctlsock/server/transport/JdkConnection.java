package org.ctlsock.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import org.ctlsock.server.PeerCredentials;

/**
 * A connection accepted through the JDK's channels. Its streams are our own
 * ({@link ChannelInput}, {@link ChannelOutput}), not {@code Channels.newInputStream}: those hold the
 * channel's blocking lock for a whole blocked read, so a write from another thread (or a read while
 * a write is blocked) would wait for it.
 *
 * <p>Credentials are read from the descriptor number; {@link #close()} and that read exclude each
 * other, so the number can never be another connection's that reused it after a close.
 */
final class JdkConnection implements Connection {
  private final SocketChannel channel;
  private final Object closeLock = new Object();
  private InputStream in;
  private OutputStream out;

  JdkConnection(SocketChannel channel) {
    this.channel = channel;
  }

  @Override
  public InputStream inputStream() {
    if (in == null) {
      in = new ChannelInput(channel);
    }
    return in;
  }

  @Override
  public OutputStream outputStream() {
    if (out == null) {
      out = new ChannelOutput(channel);
    }
    return out;
  }

  @Override
  public PeerCredentials readCredentials() {
    synchronized (closeLock) {
      if (!channel.isOpen()) {
        return PeerCredentials.UNKNOWN;
      }
      return KernelCredentials.ofDescriptor(DescriptorNumbers.of(channel));
    }
  }

  @Override
  public void shutdownInput() throws IOException {
    channel.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    synchronized (closeLock) {
      channel.close();
    }
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }
}
