package org.ctlsock.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ctlsock.process.Launch;
import org.ctlsock.process.StartedProcess;

/**
 * The shaded jar run as a separate process, the way a kit or an operator runs it: started by the project's one
 * process starter, in a session of its own, so that whatever a wrapper (strace, setpriv) forked goes with it.
 */
public final class ServerProcess implements AutoCloseable {
  private final StartedProcess process;

  private ServerProcess(StartedProcess process) {
    this.process = process;
  }

  public static Path jar() {
    String jar = System.getProperty("ctlsock.server.jar", "target/ctlsock-server.jar");
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("the server jar is not built: " + path.toAbsolutePath() + " (run mvn package)");
    }
    return path;
  }

  public static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    return command;
  }

  public static ServerProcess start(Path workDir, List<String> command, Map<String, String> env) throws IOException {
    return start(workDir, command, env, workDir);
  }

  /** As above, with standard error kept in {@code stderrDir}: for a working directory the test must not write to. */
  public static ServerProcess start(Path workDir, List<String> command, Map<String, String> env, Path stderrDir)
      throws IOException {
    Path err = Files.createTempFile(stderrDir, "stderr", ".txt");
    return new ServerProcess(Launch.of(command).in(workDir).env(env).output(null, err).start());
  }

  public static ServerProcess start(Path workDir, String... args) throws IOException {
    return start(workDir, javaCommand(args), Map.of());
  }

  /** Waits until the socket exists and answers, or the process ends. */
  public boolean awaitReady(Path socket) {
    return Deadline.await(Duration.ofSeconds(30), () -> !process.isAlive() || answers(socket)) && process.isAlive();
  }

  private static boolean answers(Path socket) {
    FileFacts facts = FileFacts.orNull(socket);
    if (facts == null || !facts.isSocket()) {
      return false;
    }
    try (RawConnection c = RawConnection.open(socket)) {
      return c.exchange("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").status() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The exit status, waiting up to 30 s; -1 when it is still running then. */
  public int awaitExit() throws InterruptedException {
    return process.awaitExit(Duration.ofSeconds(30)).orElse(-1);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The process and everything it started (a wrapper such as strace or setpriv runs the JVM as a child or by exec). */
  public boolean isOrStarted(long pid) {
    return process.pid() == pid || process.process().descendants().anyMatch(h -> h.pid() == pid)
        || process.members().contains(pid);
  }

  /** Signals the process and what it started (the JVM under a wrapper): its whole process group. */
  public void signalAll(String name) {
    process.signalGroup(name);
  }

  /** Waits until the process ends or {@code condition} holds (deadline 60 s). */
  public boolean awaitExitOr(java.util.function.BooleanSupplier condition) {
    return Deadline.await(Duration.ofSeconds(60), () -> !process.isAlive() || condition.getAsBoolean());
  }

  public void signal(String name) {
    process.signal(name);
  }

  public String stderr() {
    return process.stderr();
  }

  /** SIGKILL to the process and everything it started; returns once none is left. */
  @Override
  public void close() {
    process.kill();
  }
}
