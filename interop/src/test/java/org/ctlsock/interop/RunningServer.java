package org.ctlsock.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ctlsock.client.CtlsockClient;
import org.ctlsock.client.CtlsockException;
import org.ctlsock.process.Directories;
import org.ctlsock.process.Launch;
import org.ctlsock.process.OutputTail;
import org.ctlsock.process.StartedProcess;

/**
 * One server under test, started once and shared by every client: a process on a socket in a
 * fresh temporary directory, ready when the path exists and a request on it is answered (spec
 * 8.2, note), stopped by SIGTERM (SIGKILL after 10 s) with whatever it forked, by the project's one
 * process starter.
 */
final class RunningServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final ServerTarget target;
  private final Path dir;
  private final Path socket;
  private final Path log;
  private final StartedProcess process;

  private RunningServer(ServerTarget target, Path dir, Path socket, Path log, StartedProcess process) {
    this.target = target;
    this.dir = dir;
    this.socket = socket;
    this.log = log;
    this.process = process;
  }

  static RunningServer start(ServerTarget target) throws IOException {
    Path dir = Directories.fresh("ctlsock-interop-");
    Path socket = dir.resolve("ctl.sock");
    Path log = dir.resolve("server.log");
    List<String> command = target.command(socket);
    StartedProcess process = Launch.of(command).in(dir).output(log, log).owning(dir).start();
    RunningServer server = new RunningServer(target, dir, socket, log, process);
    server.awaitReady(command);
    return server;
  }

  private void awaitReady(List<String> command) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        String message = target.name() + " exited with status " + process.exitValueText()
            + " before it was ready\ncommand: " + String.join(" ", command) + "\n" + logTail();
        close();
        throw new IllegalStateException(message);
      }
      if (Files.exists(socket)) {
        try (CtlsockClient probe = CtlsockClient.connect(socket)) {
          probe.send("GET", "nothing", null); // any HTTP answer means ready
          return;
        } catch (CtlsockException notYet) {
          // Not answering yet: poll again until the deadline.
        }
      }
      process.awaitExit(Duration.ofMillis(20));
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
    if (!Files.exists(log)) {
      return "(no server log)";
    }
    return "--- " + target.name() + " server log (tail) ---\n" + OutputTail.of(log, 3000);
  }

  /**
   * SIGTERM, then SIGKILL after 10 s, to the server and whatever it forked (a wrapper script that
   * does not exec its server included); the temporary directory (socket, log) goes too.
   */
  @Override
  public void close() {
    process.close();
  }
}
