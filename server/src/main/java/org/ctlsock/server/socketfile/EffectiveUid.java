package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's effective user id, which owns what it creates: the second field of the
 * {@code Uid:} line of {@code /proc/self/status} (real, effective, saved, file system).
 */
final class EffectiveUid {
  private EffectiveUid() {}

  static int get() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        return Integer.parseInt(field(line.substring("Uid:".length()), 1));
      }
    }
    throw new IOException("/proc/self/status has no Uid line");
  }

  /**
   * The {@code index}th (from 0) of the whitespace-separated fields of {@code text}. By hand, not
   * with {@code split("\\s+")}: compiling that regular expression costs a start some milliseconds
   * in the interpreter.
   */
  static String field(String text, int index) throws IOException {
    int i = 0;
    for (int n = 0; ; n++) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw new IOException("/proc/self/status: the Uid line has no field " + index + ": " + text.strip());
      }
      if (n == index) {
        return text.substring(start, i);
      }
    }
  }
}
