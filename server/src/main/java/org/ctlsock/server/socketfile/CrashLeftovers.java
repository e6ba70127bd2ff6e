package org.ctlsock.server.socketfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Removes the private directory that a start killed half-way (SIGKILL, power loss) left behind
 * (spec 3.5.2). It runs under the start lock, so no live server is using the recorded directory;
 * it is removed only if it is provably a dead start's: a directory (not a link) of our effective
 * uid that holds nothing or only the socket name {@code s}. Anything else at that name is left
 * alone (2.3.4).
 */
final class CrashLeftovers {
  private CrashLeftovers() {}

  static void removeRecorded(DirectoryHandle dir, String name, int euid) throws IOException {
    if (dir.lstat(name).kind() != FileKind.DIRECTORY) {
      return; // never created, already removed, or someone else's entry now
    }
    DirectoryHandle leftover;
    try {
      leftover = dir.openChild(name); // O_NOFOLLOW: a link swapped in meanwhile fails here
    } catch (IOException e) {
      return;
    }
    try {
      Map<String, Object> stat = leftover.fstat();
      if ((Integer) stat.get("uid") != euid) {
        return;
      }
      List<String> names = leftover.names();
      if (names.size() > 1 || (names.size() == 1 && !names.get(0).equals(PrivateDirectory.SOCKET_NAME))) {
        return;
      }
      if (!names.isEmpty()) {
        leftover.stream().deleteFile(Path.of(PrivateDirectory.SOCKET_NAME)); // unlinkat(M, "s")
      }
      PrivateDirectory.removeDirectoryIfStillAt(dir, name, leftover.fileKey());
    } finally {
      leftover.close();
    }
  }
}
