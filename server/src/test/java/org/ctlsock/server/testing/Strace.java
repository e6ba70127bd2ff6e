package org.ctlsock.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * strace(1) as a tool to widen a race window from outside: it delays chosen system calls of the
 * server (and its threads) by a fixed time before they run, so that what the server does between
 * two calls can be observed and raced by a test, without any hook in the server.
 */
public final class Strace {
  private static final Path STRACE = Path.of("/usr/bin/strace");

  private Strace() {}

  public static boolean available() {
    return Files.isExecutable(STRACE);
  }

  /** Why a test that needs it is not applicable here. */
  public static String missing() {
    return "strace is not installed (Debian package strace): the race window cannot be widened";
  }

  /**
   * {@code command} run so that every call of {@code syscalls} (comma-separated) waits {@code delay}
   * (e.g. {@code 2s}) before it enters the kernel. Only those calls are traced (seccomp-bpf
   * filter), so the rest of the JVM runs at full speed; the trace itself goes to /dev/null.
   */
  public static List<String> delaying(String syscalls, String delay, List<String> command) {
    List<String> out = new ArrayList<>(List.of(
        STRACE.toString(), "-f", "--seccomp-bpf", "-qq", "-o", "/dev/null",
        "-e", "trace=" + syscalls, "-e", "inject=" + syscalls + ":delay_enter=" + delay));
    out.addAll(command);
    return out;
  }
}
