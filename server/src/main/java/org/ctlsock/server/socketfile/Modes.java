package org.ctlsock.server.socketfile;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Conversions between numeric permission bits and Java's permission sets. */
public final class Modes {
  private static final PosixFilePermission[] BY_BIT = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ,
  };

  private Modes() {}

  public static Set<PosixFilePermission> toPermissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(BY_BIT[bit]);
      }
    }
    return set;
  }

  public static int toMode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < 9; bit++) {
      if (permissions.contains(BY_BIT[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  /**
   * Parses an octal mode from 0 to 0777 ({@code 660}, {@code 0660}, {@code 0o660}).
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static int parseOctal(String text) {
    String digits = text.startsWith("0o") || text.startsWith("0O") ? text.substring(2) : text;
    boolean octal = !digits.isEmpty() && digits.length() <= 4;
    for (int i = 0; i < digits.length(); i++) {
      octal &= digits.charAt(i) >= '0' && digits.charAt(i) <= '7';
    }
    if (!octal) {
      throw new IllegalArgumentException("not an octal mode from 0 to 0777: " + text);
    }
    int mode = Integer.parseInt(digits, 8);
    if (mode > 0777) {
      throw new IllegalArgumentException("not an octal mode from 0 to 0777: " + text);
    }
    return mode;
  }

  public static String format(int mode) {
    return String.format("0%03o", mode);
  }
}
