package org.ctlsock.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ctlsock.process.Finished;
import org.ctlsock.process.Launch;

/** A finished child process: its command, exit status and both output streams. */
record ProcessResult(List<String> command, int exitCode, String stdout, String stderr,
    boolean timedOut) {

  /**
   * Runs {@code command} in {@code dir} with stdin empty, waiting at most {@code limit} (then
   * SIGKILL); whatever it left running is killed too.
   */
  static ProcessResult run(List<String> command, Path dir, Map<String, String> env, Duration limit)
      throws IOException {
    Finished f = Launch.of(command).in(dir).env(env).run(limit);
    return new ProcessResult(command, f.exitStatus(), f.stdout(), f.stderr(), f.timedOut());
  }

  /** Everything a reader needs when a client misbehaves. */
  String describe() {
    return "command: " + String.join(" ", command) + "\n"
        + "exit status: " + (timedOut ? "killed after the time limit" : exitCode) + "\n"
        + "--- stdout ---\n" + tail(shortLines(stdout)) + "\n--- stderr ---\n" + tail(stderr);
  }

  /** Long lines (a base64 body of 2 KiB) cut to a readable length. */
  static String shortLines(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      out.append(line.length() <= 160 ? line : line.substring(0, 160) + "…").append('\n');
    }
    return out.toString().stripTrailing();
  }

  static String tail(String text) {
    return text.length() <= 3000 ? text : "…" + text.substring(text.length() - 3000);
  }
}
