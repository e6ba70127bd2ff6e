package org.ctlsock.server.dispatch;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing
 * above U+10FFFF. Jackson would otherwise guess UTF-16 or UTF-32 from the byte pattern, and does
 * not check every sequence; spec 5.3.4 wants anything that is not UTF-8 refused.
 */
final class Utf8Validator {
  private Utf8Validator() {}

  /** The index of the first byte that is not part of a well-formed sequence, or -1. */
  static int firstInvalid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      if (c >= 0xc2 && c <= 0xdf) {
        if (i + 1 >= n || !cont(b[i + 1])) {
          return i;
        }
        i += 2;
      } else if (c >= 0xe0 && c <= 0xef) {
        if (i + 2 >= n || !cont(b[i + 1]) || !cont(b[i + 2])) {
          return i;
        }
        int c1 = b[i + 1] & 0xff;
        if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f)) {
          return i; // overlong, or a UTF-16 surrogate
        }
        i += 3;
      } else if (c >= 0xf0 && c <= 0xf4) {
        if (i + 3 >= n || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
          return i;
        }
        int c1 = b[i + 1] & 0xff;
        if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f)) {
          return i; // overlong, or above U+10FFFF
        }
        i += 4;
      } else {
        return i;
      }
    }
    return -1;
  }

  private static boolean cont(byte b) {
    return (b & 0xc0) == 0x80;
  }

  /** The index of the first NUL byte, or -1: a raw NUL is never valid in a JSON text. */
  static int firstNul(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
