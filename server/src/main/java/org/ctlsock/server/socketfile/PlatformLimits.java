package org.ctlsock.server.socketfile;

import java.util.Locale;

/** The longest path {@code sun_path} holds, not counting the terminating NUL (spec 2.1.2). */
final class PlatformLimits {
  private PlatformLimits() {}

  static String osName() {
    return System.getProperty("os.name", "unknown");
  }

  static int maxSunPathBytes() {
    String os = osName().toLowerCase(Locale.ROOT);
    // sockaddr_un.sun_path is 108 bytes on Linux and 104 on macOS and the BSDs.
    return os.contains("linux") ? 107 : 103;
  }
}
