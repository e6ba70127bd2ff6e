package org.ctlsock.server.dispatch;

import java.io.ByteArrayOutputStream;

/**
 * Capability {@code query-args} (spec 9.5.1): {@code GET /cmd?args=J} with J a percent-encoded
 * JSON array. Other parameters are ignored. A {@code +} is a space, as in form encoding (a literal
 * plus sign is {@code %2B}).
 */
final class QueryArguments {
  private QueryArguments() {}

  /**
   * The decoded bytes of the {@code args} parameter, or {@code null} when there is none.
   *
   * @throws IllegalArgumentException when its percent-encoding is invalid, or when there are several
   *     (9.5.2: which one a client meant is a guess, and servers guess differently)
   */
  static byte[] find(String target) {
    int question = target.indexOf('?');
    if (question < 0) {
      return null;
    }
    int end = target.indexOf('#', question);
    String query = end < 0 ? target.substring(question + 1) : target.substring(question + 1, end);
    byte[] found = null;
    for (String parameter : query.split("&")) {
      if (!parameter.equals("args") && !parameter.startsWith("args=")) {
        continue;
      }
      if (found != null) {
        throw new IllegalArgumentException("more than one args parameter in the query");
      }
      found = parameter.equals("args") ? new byte[0] : decode(parameter.substring(5));
    }
    return found;
  }

  private static byte[] decode(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
        int lo = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("invalid percent-encoding in the args parameter");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(c == '+' ? ' ' : c);
      }
    }
    return out.toByteArray();
  }
}
