package org.ctlsock.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.RequestHeaderFieldsTooLargeException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestParser;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.CharArrayBuffer;
import org.apache.hc.core5.util.Tokenizer;

/**
 * HttpCore's request parser with the limits spec 7.1 needs and HttpCore lacks: a request-line
 * limit told apart from the header limit (414 vs 431), and a limit on the whole head, not just on
 * each line. It runs the parse loop itself ({@link #parse}), so that a request allocates little.
 * One instance per connection.
 */
final class RequestHeadParser extends DefaultHttpRequestParser {
  private static final int LINE_BUFFER_CHARS = 128;
  private static final int LARGEST_KEPT_LINE_BUFFER_CHARS = 1024;
  private final int maxRequestLine;
  private final int maxHead;
  private final CountingBuffer counting = new CountingBuffer();
  private final MemoryReservation memory;
  private final Http1Config config;
  private final TerminatedLines lines = new TerminatedLines();
  // Reused for every request; a buffer that a long line grew is replaced after the request, so an
  // idle connection holds no more than a small head needs.
  private CharArrayBuffer line = new CharArrayBuffer(LINE_BUFFER_CHARS);
  private CharArrayBuffer spare = new CharArrayBuffer(LINE_BUFFER_CHARS);
  private final List<Header> headers = new ArrayList<>();
  private boolean requestLineSeen;

  RequestHeadParser(Http1Config config, int maxRequestLine, int maxHead, MemoryReservation memory) {
    super(config);
    this.maxRequestLine = maxRequestLine;
    this.maxHead = maxHead;
    this.memory = memory;
    this.config = config;
  }

  /**
   * Reads the request line and the header section as HttpCore's own {@code parse} does (the same
   * limits, the same folding of continuation lines, the same errors, and the same header names and
   * values), but into two line buffers reused for every request, with each header's name and
   * value made once: HttpCore's parse gives every header line a new buffer and builds each value
   * again as a string when first asked, half of what a {@code GET} allocated (BENCHMARKS.md).
   *
   * @return the request, or {@code null} when the input ended before it began (a client closing
   *     between requests)
   */
  @Override
  public ParsedRequest parse(SessionInputBuffer buffer, InputStream in) throws IOException, HttpException {
    requestLineSeen = false;
    counting.reset(buffer);
    try {
      ParsedRequest request = null;
      for (int n = 0; n < config.getMaxEmptyLineCount() && request == null; n++) {
        line.clear();
        if (counting.readLine(line, in) == -1) {
          return null;
        }
        if (line.length() > 0) {
          request = createMessage(line);
        }
      }
      if (request == null) {
        throw new MessageConstraintException("Maximum empty line limit exceeded");
      }
      request.setHeaders(readHeaders(in));
      return request;
    } catch (MessageConstraintException e) {
      throw new RequestHeaderFieldsTooLargeException(e.getMessage(), e); // as HttpCore's parser does
    } finally {
      counting.reset(null);
      headers.clear();
      if (line.capacity() > LARGEST_KEPT_LINE_BUFFER_CHARS) {
        line = new CharArrayBuffer(LINE_BUFFER_CHARS);
      }
      if (spare.capacity() > LARGEST_KEPT_LINE_BUFFER_CHARS) {
        spare = new CharArrayBuffer(LINE_BUFFER_CHARS);
      }
    }
  }

  /**
   * The header section up to its empty line. A line that starts with a space or tab continues the
   * header before it (obsolete line folding, joined with one space). A malformed field is reported
   * only once the whole section has been read, as HttpCore does, so a limit met later still wins.
   */
  private Header[] readHeaders(InputStream in) throws IOException, HttpException {
    int maxCount = config.getMaxHeaderCount();
    int maxLine = config.getMaxLineLength();
    headers.clear();
    CharArrayBuffer field = line; // the field being read: more continuation lines may follow
    CharArrayBuffer next = spare;
    boolean pending = false;
    int count = 0;
    ParseException malformed = null;
    while (true) {
      next.clear();
      if (counting.readLine(next, in) == -1 || next.length() == 0) {
        break;
      }
      if (pending && (next.charAt(0) == ' ' || next.charAt(0) == '\t')) {
        int from = 0;
        while (from < next.length() && (next.charAt(from) == ' ' || next.charAt(from) == '\t')) {
          from++;
        }
        if (maxLine > 0 && field.length() + 1 + next.length() - from > maxLine) {
          throw new MessageConstraintException("Maximum line length limit exceeded");
        }
        field.append(' ');
        field.append(next, from, next.length() - from);
      } else {
        if (pending && malformed == null) {
          malformed = addHeader(field);
        }
        CharArrayBuffer filled = next;
        next = field;
        field = filled;
        pending = true;
        count++;
      }
      if (maxCount > 0 && count >= maxCount) {
        throw new MessageConstraintException("Maximum header count exceeded");
      }
    }
    if (pending && malformed == null) {
      malformed = addHeader(field);
    }
    if (malformed != null) {
      throw malformed;
    }
    return headers.toArray(new Header[0]);
  }

  /**
   * name ":" value, as HttpCore's strict header parser reads it: a name of at least one character
   * with no whitespace before the colon, both trimmed. (A value holds no CR, LF or NUL, which
   * HttpCore would turn into spaces: {@link CountingBuffer} refuses every control byte but tab.)
   *
   * @return the error, or {@code null} when the field was added
   */
  private ParseException addHeader(CharArrayBuffer field) {
    int colon = field.indexOf(':');
    if (colon <= 0) {
      return new ParseException("Invalid header", field, 0, field.length());
    }
    if (Tokenizer.isWhitespace(field.charAt(colon - 1))) {
      return new ParseException("Invalid header", field, 0, field.length(), colon - 1);
    }
    String name = field.substringTrimmed(0, colon);
    if (name.isEmpty()) {
      return new ParseException("Invalid header", field, 0, field.length(), colon);
    }
    headers.add(new BasicHeader(name, field.substringTrimmed(colon + 1, field.length())));
    return null;
  }

  @Override
  protected ParsedRequest createMessage(CharArrayBuffer requestLine) throws HttpException {
    requestLineSeen = true;
    if (requestLine.length() > maxRequestLine) {
      throw new HttpStatusException(414, "request line too long: over " + maxRequestLine + " bytes");
    }
    return RequestLineParser.parse(requestLine);
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
      int result = lines.read(delegate(), dst, in);
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
      char[] chars = dst.array(); // the buffer's own array: no bounds check per character
      for (int i = before; i < after; i++) {
        char c = chars[i];
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
