package org.ctlsock.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shaded jar run as a separate process, the way a kit or an operator runs it. */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;

  private ServerProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
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
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    return new ServerProcess(pb.start(), err);
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
    return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The process and everything it started (a wrapper such as strace or setpriv runs the JVM as a child or by exec). */
  public boolean isOrStarted(long pid) {
    return process.pid() == pid || process.descendants().anyMatch(h -> h.pid() == pid);
  }

  /** Signals the process and its descendants (the JVM under a wrapper). */
  public void signalAll(String name) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(process.pid())));
    process.descendants().forEach(h -> command.add(Long.toString(h.pid())));
    new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  /** Waits until the process ends or {@code condition} holds (deadline 60 s). */
  public boolean awaitExitOr(java.util.function.BooleanSupplier condition) {
    return Deadline.await(Duration.ofSeconds(60), () -> !process.isAlive() || condition.getAsBoolean());
  }

  public void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
