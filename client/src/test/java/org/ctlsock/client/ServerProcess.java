package org.ctlsock.client;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server the client tests talk to: the reference server jar, started as a process on a socket
 * in a fresh temporary directory, and stopped with SIGTERM.
 *
 * <p>{@code -Dctlsock.client.test.server="COMMAND {socket}"} replaces the command (any server of
 * spec section 8 will do). Without a jar the tests are skipped with the reason, except under
 * {@code CI=true}, where that is a failure.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Path dir;
  private final Path socket;
  private final Path log;
  private final Process process;

  private ServerProcess(Path dir, Path socket, Path log, Process process) {
    this.dir = dir;
    this.socket = socket;
    this.log = log;
    this.process = process;
  }

  static ServerProcess start() throws IOException, InterruptedException {
    return start(commandTemplate());
  }

  /**
   * The reference server with extra options of its command line (e.g. a short idle timeout);
   * skipped, with the reason, when the tests run against another server.
   */
  static ServerProcess startReference(String... options) throws IOException, InterruptedException {
    assumeTrue(System.getProperty("ctlsock.client.test.server", "").isBlank(),
        "uses options of the reference server's command line: " + List.of(options));
    List<String> command = new ArrayList<>(commandTemplate());
    command.addAll(command.size() - 1, List.of(options));
    return start(command);
  }

  private static ServerProcess start(List<String> command)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("ctlsock-client-test-");
    Path socket = dir.resolve("ctl.sock");
    Path log = dir.resolve("server.log");
    List<String> words = new ArrayList<>();
    for (String word : command) {
      words.add(word.replace("{socket}", socket.toString()));
    }
    Process process = new ProcessBuilder(words)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    ServerProcess server = new ServerProcess(dir, socket, log, process);
    server.awaitReady(words);
    return server;
  }

  private static List<String> commandTemplate() {
    String override = System.getProperty("ctlsock.client.test.server", "").strip();
    if (!override.isEmpty()) {
      return List.of(override.split(" +"));
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
    return List.of(java.toString(), "-jar", jar.toString(), "{socket}");
  }

  /** Ready = the path exists and a request on it is answered (spec 8.2, non-normative note). */
  private void awaitReady(List<String> words) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue()
            + " before it was ready: " + words + "\n" + logTail());
      }
      if (Files.exists(socket)) {
        try (CtlsockClient probe = CtlsockClient.connect(socket)) {
          probe.get("nothing");
          return;
        } catch (CtlsockException notYet) {
          // Not answering yet: poll again.
        }
      }
      process.waitFor(20, TimeUnit.MILLISECONDS);
    }
    String message = "server not ready within " + STARTUP + ": " + words + "\n" + logTail();
    close(); // deletes the log, so the message is made first
    throw new IllegalStateException(message);
  }

  Path socket() {
    return socket;
  }

  Path dir() {
    return dir;
  }

  /** The last lines of the server's output, for failure messages. */
  String logTail() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(no server log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    // The temporary directory (socket, log) goes too; best effort.
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leftovers in /tmp are harmless.
    }
  }

}
