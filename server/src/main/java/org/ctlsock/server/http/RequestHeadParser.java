package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestParser;
import org.apache.hc.core5.http.io.HttpTransportMetrics;
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
  private boolean requestLineSeen;

  RequestHeadParser(Http1Config config, int maxRequestLine, int maxHead) {
    super(config);
    this.maxRequestLine = maxRequestLine;
    this.maxHead = maxHead;
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

  /** Counts the bytes of every head line read, and stops the head when it grows too large. */
  private final class CountingBuffer implements SessionInputBuffer {
    private SessionInputBuffer delegate;
    private long headBytes;

    void reset(SessionInputBuffer buffer) {
      delegate = buffer;
      headBytes = 0;
    }

    @Override
    public int readLine(CharArrayBuffer dst, InputStream in) throws IOException {
      int before = dst.length();
      int result = delegate.readLine(dst, in);
      int after = dst.length();
      headBytes += after - before + 2;
      if (headBytes > maxHead) {
        throw new HeadRejectedException(
            requestLineSeen ? 431 : 414, (requestLineSeen ? "header section" : "request line") + " too large: over " + maxHead + " bytes");
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

    @Override
    public int length() {
      return delegate.length();
    }

    @Override
    public int capacity() {
      return delegate.capacity();
    }

    @Override
    public int available() {
      return delegate.available();
    }

    @Override
    public int read(byte[] b, int off, int len, InputStream in) throws IOException {
      return delegate.read(b, off, len, in);
    }

    @Override
    public int read(byte[] b, InputStream in) throws IOException {
      return delegate.read(b, in);
    }

    @Override
    public int read(InputStream in) throws IOException {
      return delegate.read(in);
    }

    @Override
    public HttpTransportMetrics getMetrics() {
      return delegate.getMetrics();
    }
  }

  /**
   * The head is refused while it is being read (too large, or a control byte): an IOException
   * because readLine may only throw those.
   */
  static final class HeadRejectedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HeadRejectedException(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
