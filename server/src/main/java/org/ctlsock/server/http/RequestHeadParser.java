package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestParser;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * HttpCore's request parser with the limits spec 7.1 needs and HttpCore lacks: a request-line
 * limit told apart from the header limit (414 vs 431), and a limit on the whole head, not just on
 * each line. One instance per connection.
 */
final class RequestHeadParser extends DefaultHttpRequestParser {
  private final int maxRequestLine;
  private final int maxHead;
  private final CountingBuffer counting = new CountingBuffer();
  private final MemoryReservation memory;
  private boolean requestLineSeen;

  RequestHeadParser(Http1Config config, int maxRequestLine, int maxHead, MemoryReservation memory) {
    super(config);
    this.maxRequestLine = maxRequestLine;
    this.maxHead = maxHead;
    this.memory = memory;
  }

  @Override
  public ClassicHttpRequest parse(SessionInputBuffer buffer, InputStream in) throws IOException, HttpException {
    requestLineSeen = false;
    counting.reset(buffer);
    try {
      return super.parse(counting, in);
    } finally {
      counting.reset(null);
    }
  }

  @Override
  protected ClassicHttpRequest createMessage(CharArrayBuffer line) throws HttpException {
    requestLineSeen = true;
    if (line.length() > maxRequestLine) {
      throw new HttpStatusException(414, "request line too long: over " + maxRequestLine + " bytes");
    }
    return RequestLineParser.parse(line);
  }

  /** Whether the last parse got past the request line (so a length error is the headers'). */
  boolean requestLineSeen() {
    return requestLineSeen;
  }

  /**
   * Counts the bytes of every head line read, stops the head when it grows too large, and refuses
   * a head the client cut off: HttpCore takes the end of the input for the end of the head, which
   * would run a command whose request never fully arrived (spec 4.3.5, 6.3.3).
   */
  private final class CountingBuffer extends ForwardingSessionInputBuffer {
    private long headBytes;

    CountingBuffer() {
      super(null);
    }

    void reset(SessionInputBuffer buffer) {
      delegateTo(buffer);
      headBytes = 0;
    }

    @Override
    public int readLine(CharArrayBuffer dst, InputStream in) throws IOException {
      int before = dst.length();
      int result = TerminatedLines.read(delegate(), dst, in);
      if (result == TerminatedLines.CUT_OFF || (result < 0 && requestLineSeen)) {
        // Before the request line the end of input is a client closing between requests.
        throw HeadRejectedException.cutOff();
      }
      int after = dst.length();
      headBytes += after - before + 2;
      if (headBytes > maxHead) {
        throw new HeadRejectedException(
            requestLineSeen ? 431 : 414, (requestLineSeen ? "header section" : "request line") + " too large: over " + maxHead + " bytes");
      }
      if (!memory.coverHead(headBytes)) {
        // Heads held by many connections at once are paid from the memory budget too (7.5.2).
        throw new HeadRejectedException(503, "the server holds too much request data right now; try again later");
      }
      for (int i = before; i < after; i++) {
        char c = dst.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          // HttpCore would pass a NUL or other control byte through (or cut the value at it).
          throw new HeadRejectedException(400, String.format("a control byte 0x%02x in the request head", (int) c));
        }
      }
      return result;
    }
  }

  /**
   * The head is refused while it is being read (too large, or a control byte): an IOException
   * because readLine may only throw those.
   */
  static final class HeadRejectedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean cutOff;

    HeadRejectedException(int status, String message) {
      this(status, message, false);
    }

    private HeadRejectedException(int status, String message, boolean cutOff) {
      super(message);
      this.status = status;
      this.cutOff = cutOff;
    }

    /** The input ended before the empty line that ends the head. */
    static HeadRejectedException cutOff() {
      return new HeadRejectedException(400, "incomplete request head: the input ended before the empty line that ends it", true);
    }

    int status() {
      return status;
    }

    /** Whether the head was cut off (by the client, or by the watchdog after a read timeout). */
    boolean isCutOff() {
      return cutOff;
    }
  }
}
