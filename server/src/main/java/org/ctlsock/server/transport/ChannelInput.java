package org.ctlsock.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads a socket channel as a stream (waiting for bytes when it is non-blocking), taking only the channel's read lock (a write from
 * another thread is never held up by a blocked read).
 */
final class ChannelInput extends InputStream {
  /**
   * The most one read asks for: the JDK reads a heap array through a temporary direct buffer of
   * the request's size, which it keeps for the thread; capping the request keeps that buffer small
   * on every connection thread, even after a large body.
   */
  static final int MOST_PER_CALL = 16 * 1024;

  private final SocketChannel channel;
  private final JdkConnection connection;
  private final ThreadScratch scratch = new ThreadScratch();
  private byte[] wrappedArray;
  private ByteBuffer wrapped;

  ChannelInput(SocketChannel channel, JdkConnection connection) {
    this.channel = channel;
    this.connection = connection;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (len <= ThreadScratch.SIZE) {
      ByteBuffer direct = scratch.get();
      direct.limit(len);
      int n = channel.read(direct);
      while (n == 0) { // non-blocking (see JdkConnection): wait for bytes
        connection.aboutToWait();
        ChannelWaits.awaitReadable(channel);
        n = channel.read(direct);
      }
      if (n > 0) {
        direct.flip();
        direct.get(b, off, n);
      }
      return n;
    }
    ByteBuffer buffer = bufferOver(b);
    buffer.limit(off + Math.min(len, MOST_PER_CALL)).position(off);
    int n = channel.read(buffer);
    while (n == 0) {
      connection.aboutToWait();
      ChannelWaits.awaitReadable(channel);
      n = channel.read(buffer);
    }
    return n;
  }

  /** HttpCore reads into the same array again and again: one wrapper for it, not one per read. */
  private ByteBuffer bufferOver(byte[] b) {
    if (b != wrappedArray) {
      wrapped = ByteBuffer.wrap(b);
      wrappedArray = b;
    }
    wrapped.clear();
    return wrapped;
  }

  @Override
  public void close() throws IOException {
    channel.close(); // as a socket's stream does
  }
}
