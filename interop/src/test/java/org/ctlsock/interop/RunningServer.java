package org.ctlsock.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ctlsock.client.CtlsockClient;
import org.ctlsock.client.CtlsockException;

/**
 * One server under test, started once and shared by every client: a process on a socket in a
 * fresh temporary directory, ready when the path exists and a request on it is answered (spec
 * 8.2, note), stopped by SIGTERM.
 */
final class RunningServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final ServerTarget target;
  private final Path dir;
  private final Path socket;
  private final Path log;
  private final Process process;

  private RunningServer(ServerTarget target, Path dir, Path socket, Path log, Process process) {
    this.target = target;
    this.dir = dir;
    this.socket = socket;
    this.log = log;
    this.process = process;
  }

  static RunningServer start(ServerTarget target) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("ctlsock-interop-");
    Path socket = dir.resolve("ctl.sock");
    Path log = dir.resolve("server.log");
    List<String> command = target.command(socket);
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    RunningServer server = new RunningServer(target, dir, socket, log, process);
    server.awaitReady(command);
    return server;
  }

  private void awaitReady(List<String> command) throws InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(target.name() + " exited with status " + process.exitValue()
            + " before it was ready\ncommand: " + String.join(" ", command) + "\n" + logTail());
      }
      if (Files.exists(socket)) {
        try (CtlsockClient probe = CtlsockClient.connect(socket)) {
          probe.send("GET", "nothing", null); // any HTTP answer means ready
          return;
        } catch (CtlsockException notYet) {
          // Not answering yet: poll again until the deadline.
        }
      }
      process.waitFor(20, TimeUnit.MILLISECONDS);
    }
    String message = target.name() + " not ready within " + STARTUP
        + "\ncommand: " + String.join(" ", command) + "\n" + logTail();
    close(); // deletes the log, so the message is made first
    throw new IllegalStateException(message);
  }

  ServerTarget target() {
    return target;
  }

  Path socket() {
    return socket;
  }

  Path dir() {
    return dir;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The end of the server's stdout and stderr, for failure messages. */
  String logTail() {
    try {
      return "--- " + target.name() + " server log (tail) ---\n"
          + ProcessResult.tail(Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return "(server log unreadable: " + e + ")";
    }
  }

  /**
   * SIGTERM, then SIGKILL after 10 s. A wrapper script that does not exec its server would leave
   * the server running, so the processes it started are stopped too.
   */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroy();
      }
    }
    deleteDirectory(dir);
  }

  /** The temporary directory (socket, log) goes too; what is left over is harmless. */
  private static void deleteDirectory(Path dir) {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort.
    }
  }
}
