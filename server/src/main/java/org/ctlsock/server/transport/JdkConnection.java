package org.ctlsock.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
 *
 * <p>Blocking until it first waits in an {@link IdlePoller}, non-blocking from then on.
 */
final class JdkConnection implements Connection {
  private final SocketChannel channel;
  private final Object closeLock = new Object();
  private InputStream in;
  private OutputStream out;
  /** Set by the thread that parks the connection first; read by the thread that closes it. */
  private volatile SelectionKey key;
  private volatile Runnable beforeWaiting;

  JdkConnection(SocketChannel channel) {
    this.channel = channel;
  }

  @Override
  public InputStream inputStream() {
    if (in == null) {
      in = new ChannelInput(channel, this);
    }
    return in;
  }

  @Override
  public OutputStream outputStream() {
    if (out == null) {
      out = new ChannelOutput(channel, this);
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
  public void beforeWaiting(Runnable action) {
    beforeWaiting = action;
  }

  /** A read or write of the serving thread is about to wait for the peer. */
  void aboutToWait() {
    Runnable action = beforeWaiting;
    if (action != null) {
      action.run();
    }
  }

  /** Waits in {@code selector} for input; the first time, turns non-blocking and registers. */
  void park(Selector selector, Object attachment) throws IOException {
    SelectionKey k = key;
    if (k == null) {
      channel.configureBlocking(false);
      // Registered with no interest first, and the key stored, before the selector may report it:
      // a poller's thread that selects meanwhile (woken by another connection) could otherwise find
      // this one ready and take it out (unpark) before this thread had stored its key.
      k = channel.register(selector, 0, attachment);
      key = k;
    }
    try {
      k.interestOps(SelectionKey.OP_READ);
    } catch (CancelledKeyException e) {
      throw new java.nio.channels.ClosedChannelException();
    }
  }

  /** Stops waiting for input in the poller; {@code false} if the connection was closed meanwhile. */
  boolean unpark() {
    try {
      key.interestOps(0);
      return true;
    } catch (CancelledKeyException e) {
      return false;
    }
  }

  @Override
  public void abort() throws IOException {
    if (channel.isBlocking()) {
      close(); // a blocked read or write fails at once (the JDK signals the blocked thread)
      return;
    }
    // A thread waiting in poll(), or the poller, is woken by a shutdown, not by a close; it
    // then sees end of input (or fails to write) and closes the connection itself.
    try {
      channel.shutdownInput();
      channel.shutdownOutput();
    } catch (IOException e) {
      close();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (closeLock) {
      channel.close();
    }
    SelectionKey k = key;
    if (k != null) {
      // The descriptor is closed only when the selector next runs and drops the key.
      k.selector().wakeup();
    }
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }
}
