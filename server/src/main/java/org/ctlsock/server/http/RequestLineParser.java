package org.ctlsock.server.http;

import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * Parses {@code METHOD SP request-target SP HTTP/x.y} strictly (spec 4.3.5): a token method, a
 * target of visible ASCII, exactly one space between parts, version HTTP/1.x. Anything else is a
 * 400, never a 5xx (6.3.3).
 */
final class RequestLineParser {
  private RequestLineParser() {}

  static ParsedRequest parse(CharArrayBuffer line) throws HttpStatusException {
    int length = line.length();
    int firstSpace = line.indexOf(' ', 0, length);
    if (firstSpace <= 0) {
      throw malformed("no method");
    }
    int secondSpace = line.indexOf(' ', firstSpace + 1, length);
    if (secondSpace < 0 || secondSpace == firstSpace + 1) {
      throw malformed("expected METHOD SP target SP HTTP/x.y");
    }
    for (int i = 0; i < firstSpace; i++) {
      if (!HttpTokens.isTokenChar(line.charAt(i))) {
        throw malformed("the method is not a token");
      }
    }
    for (int i = firstSpace + 1; i < secondSpace; i++) {
      char c = line.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw malformed("the request target contains a control, space or non-ASCII byte");
      }
    }
    int v = secondSpace + 1;
    if (length - v != 8
        || line.charAt(v) != 'H' || line.charAt(v + 1) != 'T' || line.charAt(v + 2) != 'T'
        || line.charAt(v + 3) != 'P' || line.charAt(v + 4) != '/'
        || !isDigit(line.charAt(v + 5)) || line.charAt(v + 6) != '.' || !isDigit(line.charAt(v + 7))) {
      throw malformed("the version is not HTTP/x.y");
    }
    int major = line.charAt(v + 5) - '0';
    int minor = line.charAt(v + 7) - '0';
    if (major != 1) {
      // HTTP/2 and later do not use this framing; a request that claims them is malformed here.
      throw new HttpStatusException(400, "unsupported HTTP version " + major + "." + minor + "; this server speaks HTTP/1.1");
    }
    return new ParsedRequest(line.substring(0, firstSpace), line.substring(firstSpace + 1, secondSpace), major, minor);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static HttpStatusException malformed(String why) {
    return new HttpStatusException(400, "malformed request line: " + why);
  }
}
