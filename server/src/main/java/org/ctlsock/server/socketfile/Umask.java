package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's file-mode creation mask. Java cannot call {@code umask(2)} without changing it, so
 * it is read from {@code /proc/self/status} (Linux 4.7 and later).
 */
public final class Umask {
  private static final int FALLBACK = 022;

  private Umask() {}

  /** The current umask, or 022 when the platform does not tell. */
  public static int current() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
      for (String line : lines) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an old kernel: fall through
    }
    return FALLBACK;
  }

  /** The mode {@code bind(2)} gives a socket under the current umask (spec 2.3.1). */
  public static int defaultSocketMode() {
    return 0777 & ~current();
  }
}
