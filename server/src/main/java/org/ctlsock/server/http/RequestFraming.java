package org.ctlsock.server.http;

import java.util.Locale;
import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpMessage;

/**
 * Decides how a request body is delimited (RFC 9112 §6, spec 4.3.1 and 4.3.4): chunked, a
 * Content-Length, or none. Ambiguous framing is refused rather than guessed: both fields (400),
 * differing Content-Length values (400), a value that is not a decimal number (400), a transfer
 * coding other than a lone {@code chunked} (501, or 400 when chunked is not last).
 */
final class RequestFraming implements ContentLengthStrategy {
  static final RequestFraming INSTANCE = new RequestFraming();

  /** Any Content-Length with more digits than this is over every body limit. */
  private static final int MAX_DIGITS = 18;

  @Override
  public long determineLength(HttpMessage message) throws HttpStatusException {
    Header[] transferEncodings = message.getHeaders("Transfer-Encoding");
    Header[] contentLengths = message.getHeaders("Content-Length");
    if (transferEncodings.length > 0) {
      if (contentLengths.length > 0) {
        throw new HttpStatusException(400, "both Content-Length and Transfer-Encoding: the body's length is ambiguous");
      }
      return chunked(transferEncodings);
    }
    if (contentLengths.length == 0) {
      return 0;
    }
    long length = -1;
    for (Header header : contentLengths) {
      for (String part : header.getValue().split(",", -1)) {
        long value = parseDecimal(part.trim());
        if (length >= 0 && value != length) {
          throw new HttpStatusException(400, "several Content-Length values that differ");
        }
        length = value;
      }
    }
    return length;
  }

  private static long chunked(Header[] transferEncodings) throws HttpStatusException {
    String last = null;
    boolean chunkedSeen = false;
    String unsupported = null;
    for (Header header : transferEncodings) {
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
    return CHUNKED;
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
