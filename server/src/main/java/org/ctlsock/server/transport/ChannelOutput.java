package org.ctlsock.server.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Writes a socket channel as a stream (waiting for room when it is non-blocking), taking only the channel's write lock, in pieces of
 * at most {@link ChannelInput#MOST_PER_CALL} bytes (see there).
 */
final class ChannelOutput extends OutputStream {
  private final SocketChannel channel;
  private final JdkConnection connection;
  private final ThreadScratch scratch = new ThreadScratch();
  private byte[] wrappedArray;
  private ByteBuffer wrapped;

  ChannelOutput(SocketChannel channel, JdkConnection connection) {
    this.channel = channel;
    this.connection = connection;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len <= ThreadScratch.SIZE) {
      ByteBuffer direct = scratch.get();
      direct.put(b, off, len).flip();
      while (direct.hasRemaining()) {
        if (channel.write(direct) == 0) { // non-blocking (see JdkConnection) and the socket is full
          connection.aboutToWait();
          ChannelWaits.awaitWritable(channel);
        }
      }
      return;
    }
    if (b != wrappedArray) {
      wrapped = ByteBuffer.wrap(b);
      wrappedArray = b;
    }
    int end = off + len;
    int at = off;
    while (at < end) {
      wrapped.clear();
      wrapped.limit(Math.min(end, at + ChannelInput.MOST_PER_CALL)).position(at);
      int n = channel.write(wrapped); // blocking: at least one byte, or fails; non-blocking: maybe none
      if (n == 0) {
        connection.aboutToWait();
        ChannelWaits.awaitWritable(channel);
      }
      at += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close(); // as a socket's stream does
  }
}
