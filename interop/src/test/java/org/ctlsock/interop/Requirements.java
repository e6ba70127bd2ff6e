package org.ctlsock.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the programs the suite runs. A missing one skips its tests with the reason, except under
 * {@code CI=true}, where CI promised to install it and a skip would hide a gap: there it fails.
 */
final class Requirements {
  private Requirements() {}

  static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips the current test (or fails it under CI) unless {@code condition} holds. */
  static void require(boolean condition, String reasonIfMissing) {
    if (!condition && underCi()) {
      throw new AssertionError(reasonIfMissing + " (CI=true: a missing client or server is a"
          + " failure, not a skip)");
    }
    assumeTrue(condition, reasonIfMissing);
  }

  /** The program's path: on the PATH, or in one of the extra directories (e.g. /usr/sbin). */
  static Optional<Path> find(String program, String... extraDirs) {
    if (program.contains("/")) {
      Path path = Path.of(program);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + File.pathSeparator + String.join(File.pathSeparator, extraDirs))
        .split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The program's path; skips (or fails under CI) when it is missing. */
  static Path program(String program, String why, String... extraDirs) {
    Optional<Path> found = find(program, extraDirs);
    require(found.isPresent(), program + " is not installed (" + why + ")");
    return found.get();
  }
}
