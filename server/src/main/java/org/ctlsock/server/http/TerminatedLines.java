package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * Reads one line through HttpCore's session buffer and tells whether it really ended with a line
 * feed. When the input ends in the middle of a line, HttpCore returns the bytes it has as if they
 * were a whole line (and a lone CR as the empty line that ends a head): in HTTP framing that is a
 * message cut off by the client, never a complete line (RFC 9112 §2.2, §8).
 *
 * <p>HttpCore's buffer reads more input only while no line feed is buffered, so the input ending
 * during the call means the line came without its line feed.
 */
final class TerminatedLines {
  /** The line was cut off by the end of the input; its bytes are in the destination anyway. */
  static final int CUT_OFF = -2;

  /** Reused for every line: a connection reads a few lines per request. */
  private final EndWatch watch = new EndWatch();

  /**
   * @return the line's length as {@link SessionInputBuffer#readLine} returns it, -1 when the input
   *     ended before the first byte of the line, or {@link #CUT_OFF}
   */
  int read(SessionInputBuffer buffer, CharArrayBuffer dst, InputStream in) throws IOException {
    watch.watch(in);
    try {
      int result = buffer.readLine(dst, watch);
      if (result < 0) {
        return -1;
      }
      return watch.ended ? CUT_OFF : result;
    } finally {
      watch.watch(null);
    }
  }

  /** Notes whether a read reported the end of the input. */
  private static final class EndWatch extends InputStream {
    private InputStream in;
    boolean ended;

    void watch(InputStream stream) {
      in = stream;
      ended = false;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        ended = true;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        ended = true;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }
  }
}
