package org.ctlsock.server.http;

import java.util.Locale;
import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.Header;

/**
 * Decides how a request body is delimited (RFC 9112 §6, spec 4.3.1 and 4.3.4): chunked, a
 * Content-Length, or none. Ambiguous framing is refused rather than guessed: both fields (400),
 * differing Content-Length values (400), a value that is not a decimal number (400), a transfer
 * coding other than a lone {@code chunked} (501, or 400 when chunked is not last).
 */
final class RequestFraming {

  private static final String TRANSFER_ENCODING = "Transfer-Encoding";
  private static final String CONTENT_LENGTH = "Content-Length";
  /** Any Content-Length with more digits than this is over every body limit. */
  private static final int MAX_DIGITS = 18;

  private RequestFraming() {}

  /**
   * @param fields the request's header fields
   * @return the body's length, 0 for none, or {@link ContentLengthStrategy#CHUNKED}
   */
  static long determineLength(Header[] fields) throws HttpStatusException {
    boolean transferEncoding = false;
    boolean contentLength = false;
    for (Header field : fields) {
      transferEncoding |= field.getName().equalsIgnoreCase(TRANSFER_ENCODING);
      contentLength |= field.getName().equalsIgnoreCase(CONTENT_LENGTH);
    }
    if (transferEncoding) {
      if (contentLength) {
        throw new HttpStatusException(400, "both Content-Length and Transfer-Encoding: the body's length is ambiguous");
      }
      return chunked(fields);
    }
    return contentLength ? contentLength(fields) : 0;
  }

  /** Every Content-Length field, and every comma-separated value in one, must give the same length. */
  private static long contentLength(Header[] fields) throws HttpStatusException {
    long length = -1;
    for (Header field : fields) {
      if (!field.getName().equalsIgnoreCase(CONTENT_LENGTH)) {
        continue;
      }
      String value = field.getValue();
      int start = 0;
      while (true) {
        int comma = value.indexOf(',', start);
        long part = parseDecimal((comma < 0 ? value.substring(start) : value.substring(start, comma)).trim());
        if (length >= 0 && part != length) {
          throw new HttpStatusException(400, "several Content-Length values that differ");
        }
        length = part;
        if (comma < 0) {
          break;
        }
        start = comma + 1;
      }
    }
    return length;
  }

  private static long chunked(Header[] fields) throws HttpStatusException {
    String last = null;
    boolean chunkedSeen = false;
    String unsupported = null;
    for (Header header : fields) {
      if (!header.getName().equalsIgnoreCase(TRANSFER_ENCODING)) {
        continue;
      }
      for (String part : header.getValue().split(",", -1)) {
        String coding = part.trim().toLowerCase(Locale.ROOT);
        if (coding.isEmpty()) {
          continue;
        }
        if (coding.equals("chunked")) {
          if (chunkedSeen) {
            throw new HttpStatusException(400, "chunked transfer coding applied twice");
          }
          chunkedSeen = true;
        } else if (unsupported == null) {
          unsupported = coding;
        }
        last = coding;
      }
    }
    if (last == null) {
      throw new HttpStatusException(400, "empty Transfer-Encoding");
    }
    if (!"chunked".equals(last)) {
      if (chunkedSeen) {
        throw new HttpStatusException(400, "chunked is not the last transfer coding: the body's length is ambiguous");
      }
      throw new HttpStatusException(501, "unsupported transfer coding: " + unsupported);
    }
    if (unsupported != null) {
      throw new HttpStatusException(501, "unsupported transfer coding: " + unsupported);
    }
    return ContentLengthStrategy.CHUNKED;
  }

  private static long parseDecimal(String text) throws HttpStatusException {
    if (text.isEmpty()) {
      throw new HttpStatusException(400, "empty Content-Length");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new HttpStatusException(400, "Content-Length is not a decimal number: " + printable(text));
      }
    }
    if (text.length() > MAX_DIGITS) {
      return Long.MAX_VALUE; // larger than any body limit: answered 413 like any other
    }
    return Long.parseLong(text);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 40; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
