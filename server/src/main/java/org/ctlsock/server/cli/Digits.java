package org.ctlsock.server.cli;

/** A plain loop instead of a regex or a stream: the program's start-up time matters. */
final class Digits {
  private Digits() {}

  static boolean only(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
