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
        String[] ids = line.substring("Uid:".length()).trim().split("\\s+");
        return Integer.parseInt(ids[1]);
      }
    }
    throw new IOException("/proc/self/status has no Uid line");
  }
}
