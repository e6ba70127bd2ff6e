package org.ctlsock.client;

import java.nio.charset.StandardCharsets;

/** Builds the request target for a command name (spec clause 5.1.1: the path, percent-decoded). */
final class CommandNames {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private CommandNames() {}

  /**
   * {@code /name}, with every byte outside RFC 3986's unreserved set percent-encoded, so that any
   * string reaches the server as that string (the server then answers 404 for a name it lacks).
   */
  static String requestTarget(String command) {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("command name must not be empty");
    }
    StringBuilder target = new StringBuilder(command.length() + 1).append('/');
    for (byte b : command.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        target.append((char) c);
      } else {
        target.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return target.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
