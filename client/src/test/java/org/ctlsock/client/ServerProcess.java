package org.ctlsock.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ctlsock.process.CommandTemplate;
import org.ctlsock.process.Directories;
import org.ctlsock.process.Launch;
import org.ctlsock.process.StartedProcess;

/**
 * The server the client tests talk to: the reference server jar, started as a process on a socket
 * in a fresh temporary directory, and stopped with SIGTERM (by the project's one process starter).
 *
 * <p>{@code -Dctlsock.client.test.server="COMMAND {socket}"} replaces the command (any server of
 * spec section 8 will do). Without a jar the tests are skipped with the reason, except under
 * {@code CI=true}, where that is a failure.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Path dir;
  private final Path socket;
  private final StartedProcess process;

  private ServerProcess(Path dir, Path socket, StartedProcess process) {
    this.dir = dir;
    this.socket = socket;
    this.process = process;
  }

  static ServerProcess start() throws IOException {
    return start(List.of());
  }

  /**
   * The reference server with extra options of its command line (e.g. a short idle timeout);
   * skipped, with the reason, when the tests run against another server.
   */
  static ServerProcess startReference(String... options) throws IOException {
    assumeTrue(System.getProperty("ctlsock.client.test.server", "").isBlank(),
        "uses options of the reference server's command line: " + List.of(options));
    return start(List.of(options));
  }

  private static ServerProcess start(List<String> options) throws IOException {
    CommandTemplate template = commandTemplate();
    Path dir = Directories.fresh("ctlsock-client-test-");
    Path socket = dir.resolve("ctl.sock");
    Path log = dir.resolve("server.log");
    StartedProcess process = Launch.of(template.expand(socket, null, options)).output(log, log)
        .owning(dir).start();
    ServerProcess server = new ServerProcess(dir, socket, process);
    server.awaitReady();
    return server;
  }

  private static CommandTemplate commandTemplate() {
    String override = System.getProperty("ctlsock.client.test.server", "").strip();
    if (!override.isEmpty()) {
      return CommandTemplate.parse(override).requireSocket();
    }
    Path jar = Path.of(System.getProperty("ctlsock.server.jar", "../server/target/ctlsock-server.jar"))
        .toAbsolutePath().normalize();
    String reason = "the reference server jar " + jar + " is not built (run `mvn -pl server package`"
        + " first, or build the whole reactor)";
    if (!Files.isRegularFile(jar) && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(reason + "; CI=true makes this a failure, not a skip");
    }
    assumeTrue(Files.isRegularFile(jar), reason);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return CommandTemplate.parse("\"" + java + "\" -jar \"" + jar + "\" {socket}");
  }

  /** Ready = the path exists and a request on it is answered (spec 8.2, non-normative note). */
  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        String message = "server exited with " + process.exitValueText() + " before it was ready: "
            + process.command() + "\n" + logTail();
        close();
        throw new IllegalStateException(message);
      }
      if (Files.exists(socket)) {
        try (CtlsockClient probe = CtlsockClient.connect(socket)) {
          probe.get("nothing");
          return;
        } catch (CtlsockException notYet) {
          // Not answering yet: poll again.
        }
      }
      process.awaitExit(Duration.ofMillis(20));
    }
    String message = "server not ready within " + STARTUP + ": " + process.command() + "\n" + logTail();
    close(); // deletes the log, so the message is made first
    throw new IllegalStateException(message);
  }

  Path socket() {
    return socket;
  }

  Path dir() {
    return dir;
  }

  /** The last part of the server's output, for failure messages. */
  String logTail() {
    String tail = process.stdoutTail();
    return tail.isEmpty() && !Files.exists(dir.resolve("server.log")) ? "(no server log)" : tail;
  }

  /** SIGTERM, SIGKILL after 10 s; the temporary directory (socket, log) goes too. */
  @Override
  public void close() {
    process.close();
  }
}
