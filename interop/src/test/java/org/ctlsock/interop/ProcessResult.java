package org.ctlsock.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished child process: its command, exit status and both output streams. */
record ProcessResult(List<String> command, int exitCode, String stdout, String stderr,
    boolean timedOut) {

  /**
   * Runs {@code command} in {@code dir} with stdin empty, waiting at most {@code limit}; output
   * goes to files (so a chatty child never blocks on a full pipe).
   */
  static ProcessResult run(List<String> command, Path dir, Map<String, String> env, Duration limit)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "stdout-", ".txt");
    Path err = Files.createTempFile(dir, "stderr-", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    return new ProcessResult(command, finished ? process.exitValue() : -1,
        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
        !finished);
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
