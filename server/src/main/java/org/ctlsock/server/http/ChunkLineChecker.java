package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * Checks the lines of a chunked body before HttpCore's {@code ChunkedInputStream} sees them.
 * HttpCore trims the chunk size and parses it with {@link Long#parseLong(String, int)}, so it
 * takes {@code " 7"}, {@code "+7"} and {@code "-1"}; RFC 9112 §7.1 says chunk-size = 1*HEXDIG,
 * and spec 4.3.4 makes any other size a 400. It also takes a line cut off by the end of the
 * input as complete, and a trailer section without its empty line as ended; both are a body the
 * client never finished, and the connection just closes.
 *
 * <p>{@code ChunkedInputStream} reads lines in a fixed order (size line, data, the CRLF after the
 * data, the next size line, …, the last-chunk, trailer lines up to the empty line), which this
 * class follows to know what each line is.
 */
final class ChunkLineChecker extends ForwardingSessionInputBuffer {
  private enum Next {
    SIZE,
    DATA_END,
    TRAILER
  }

  private Next next = Next.SIZE;
  private final TerminatedLines lines = new TerminatedLines();

  ChunkLineChecker(SessionInputBuffer delegate) {
    super(delegate);
  }

  @Override
  public int readLine(CharArrayBuffer dst, InputStream in) throws IOException {
    int start = dst.length();
    int result = lines.read(delegate(), dst, in);
    if (result == TerminatedLines.CUT_OFF || (result < 0 && next == Next.TRAILER)) {
      throw new ConnectionClosedException("the client closed before the chunked body was complete");
    }
    if (result < 0) {
      return result; // ChunkedInputStream reports the missing line itself
    }
    switch (next) {
      case SIZE:
        next = checkSize(dst, start) == 0 ? Next.TRAILER : Next.DATA_END;
        break;
      case DATA_END:
        next = Next.SIZE; // ChunkedInputStream checks that this line is empty
        break;
      case TRAILER:
        break; // trailer fields are read and ignored
    }
    return result;
  }

  /**
   * chunk-size [ BWS ";" chunk-ext ]: one or more hex digits first, then nothing, or optional
   * whitespace and a {@code ;}. Whitespace right after the digits without an extension is
   * tolerated, as HttpCore and most servers do; it cannot change the size.
   *
   * @return the chunk size
   */
  static long checkSize(CharArrayBuffer line, int start) throws MalformedChunkCodingException {
    int end = line.length();
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new MalformedChunkCodingException(String.format("a control byte 0x%02x in a chunk-size line", (int) c));
      }
    }
    int i = start;
    while (i < end && Character.digit(line.charAt(i), 16) >= 0 && line.charAt(i) < 0x80) {
      i++;
    }
    int digitsEnd = i;
    if (digitsEnd == start) {
      throw new MalformedChunkCodingException("bad chunk size: " + printable(line, start, end) + " (it must start with a hex digit)");
    }
    while (i < end && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    if (i < end && line.charAt(i) != ';') {
      throw new MalformedChunkCodingException("bad chunk size: " + printable(line, start, end) + " (only hex digits)");
    }
    try {
      return Long.parseLong(line.substring(start, digitsEnd), 16);
    } catch (NumberFormatException e) {
      throw new MalformedChunkCodingException("chunk size too large: " + printable(line, start, digitsEnd));
    }
  }

  private static String printable(CharArrayBuffer line, int start, int end) {
    StringBuilder b = new StringBuilder();
    for (int i = start; i < end && i < start + 40; i++) {
      char c = line.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
