package org.ctlsock.server.dispatch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.ctlsock.server.Command;

/**
 * Turns a request target into a command name (spec 5.1): the path of the origin or absolute form,
 * without the query, percent-decoded as UTF-8, without its leading slash. The result is either a
 * valid name, no name (404), or an invalid encoding (400).
 */
final class CommandName {
  enum Kind {
    VALID,
    NOT_A_NAME,
    BAD_ENCODING
  }

  private final Kind kind;
  private final String name;
  private final String problem;

  private CommandName(Kind kind, String name, String problem) {
    this.kind = kind;
    this.name = name;
    this.problem = problem;
  }

  Kind kind() {
    return kind;
  }

  /** The decoded name ({@link Kind#VALID}) or the decoded text for messages. */
  String name() {
    return name;
  }

  String problem() {
    return problem;
  }

  static CommandName fromTarget(String target) {
    String path = pathOf(target);
    String decoded;
    if (path.indexOf('%') < 0) {
      decoded = path; // the request line parser already allowed only visible ASCII
    } else {
      try {
        decoded = percentDecode(path);
      } catch (IllegalArgumentException e) {
        return new CommandName(Kind.BAD_ENCODING, path, e.getMessage());
      }
    }
    if (decoded.length() < 2 || decoded.charAt(0) != '/') {
      return new CommandName(Kind.NOT_A_NAME, decoded, null);
    }
    String candidate = decoded.substring(1);
    return Command.isValidName(candidate)
        ? new CommandName(Kind.VALID, candidate, null)
        : new CommandName(Kind.NOT_A_NAME, candidate, null);
  }

  /** The path of an origin-form or absolute-form target, without query (5.1.2, 5.1.3). */
  static String pathOf(String target) {
    int start = 0;
    if (!target.startsWith("/")) {
      int scheme = schemeEnd(target);
      if (scheme > 0) {
        int authorityStart = scheme + 3;
        int slash = indexOfAny(target, authorityStart, '/', '?', '#');
        if (slash < 0 || target.charAt(slash) != '/') {
          return "";
        }
        start = slash;
      }
    }
    int end = indexOfAny(target, start, '?', '#', '\0');
    return end < 0 ? target.substring(start) : target.substring(start, end);
  }

  /** The index of {@code ://} after a URI scheme ({@code ALPHA *( ALPHA / DIGIT / + / - / . )}), or -1. */
  private static int schemeEnd(String target) {
    int colon = target.indexOf("://");
    if (colon <= 0) {
      return -1;
    }
    for (int i = 0; i < colon; i++) {
      char c = target.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
      if (!ok) {
        return -1;
      }
    }
    return colon;
  }

  private static int indexOfAny(String s, int from, char a, char b, char c) {
    for (int i = from; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == a || ch == b || ch == c) {
        return i;
      }
    }
    return -1;
  }

  private static String percentDecode(String path) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        if (i + 2 >= path.length()) {
          throw new IllegalArgumentException("invalid percent-encoding: '%' must be followed by two hex digits");
        }
        int hi = Character.digit(path.charAt(i + 1), 16);
        int lo = Character.digit(path.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("invalid percent-encoding: '%' must be followed by two hex digits");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the percent-decoded path is not valid UTF-8");
    }
  }

  /** The longest quote of a name or target in a message (6.3.4): the longest valid name. */
  static final int QUOTE_LIMIT = 64;

  /**
   * The name made safe for a one-line message (6.3.4): its first 64 UTF-8 bytes, every byte outside
   * {@code A-Z a-z 0-9 . _ -} percent-encoded, so no control byte or markup is reflected.
   */
  static String printable(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, QUOTE_LIMIT); i++) {
      int c = bytes[i] & 0xff;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    if (bytes.length > QUOTE_LIMIT) {
      b.append("...");
    }
    return b.toString();
  }
}
