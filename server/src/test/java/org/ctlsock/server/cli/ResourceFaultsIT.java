package org.ctlsock.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 7.5 on the program as a process: with no thread to spare (prlimit --nproc, as systemd's
 * TasksMax or a container's pids.max) and with a 64 MiB heap, a flood of connections or of bodies
 * within the limits gets defined answers (or closes), and once the flood ends a new client is
 * answered: the accept loop and the watchdog survive, and memory stays within the budget.
 */
class ResourceFaultsIT {
  /** A uid of its own, so the thread limit counts this server's threads only. */
  private static final String UID = "61003";
  private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(30);
  private static final byte[] NOTHING = "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void underAThreadLimit_aFloodOfConnectionsGets200Or503_andANewClientIsAnsweredAfterwards_7_5_1() throws Exception {
    assumeTrue(isRoot(), "needs root to run the server as uid " + UID + " under prlimit --nproc");
    assumeTrue(onPath("prlimit") && onPath("setpriv"), "needs prlimit and setpriv (util-linux)");
    Path run = runDirectoryFor(UID);
    Path socket = run.resolve("ctl.sock");
    List<String> command = new ArrayList<>(List.of("prlimit", "--nproc=60", "setpriv", "--reuid", UID, "--regid", UID, "--clear-groups"));
    command.addAll(heapLimited("--quiet", socket.toString()));
    try (ServerProcess p = ServerProcess.start(run, command, Map.of())) {
      assertThat(p.awaitReady(socket)).as("ready under prlimit --nproc=60; stderr: %s", p.stderr()).isTrue();
      Answers answers = new Answers();
      List<RawConnection> crowd = Answers.open(socket, 120, answers);
      try {
        Answers.exchangeAll(crowd, NOTHING, ANSWERS_WITHIN, answers);
      } finally {
        Answers.closeAll(crowd);
      }
      System.out.println("120 connections under --nproc=60: " + answers);
      assertThat(answers.undefined(200, 503)).as("answers to 120 connections held open at once: %s; stderr: %s", answers, tail(p)).isEmpty();
      assertNewClientAnswered(p, socket, "after 120 connections under a 60-thread limit (" + answers + ")");
      assertThat(countLines(p.stderr(), "cannot serve a new connection:"))
          .as("log lines for one burst of thread failures (once per burst, not per connection); stderr: %s", tail(p))
          .isLessThanOrEqualTo(2);
    }
  }

  @Test
  void at64MiB_aDeepWideBodyOfTheLargestSize_getsADefinedStatus_andANewClientIsAnswered_7_5_2() throws Exception {
    Path socket = dir.resolve("ctl.sock");
    try (ServerProcess p = ServerProcess.start(dir, heapLimited("--quiet", socket.toString()), Map.of())) {
      assertThat(p.awaitReady(socket)).as("ready at -Xmx64m; stderr: %s", p.stderr()).isTrue();
      for (String element : List.of("[]", "{}", "\"a\"", "1e5")) {
        byte[] body = repeatedArray(element, 16 * 1024 * 1024);
        Answers answers = new Answers();
        List<RawConnection> one = Answers.open(socket, 1, answers);
        try {
          Answers.exchangeAll(one, post("/echo", body), ANSWERS_WITHIN, answers);
        } finally {
          Answers.closeAll(one);
        }
        System.out.println("16 MiB body of " + element + ": " + answers);
        assertThat(answers.count(Answers.CLOSED) + answers.count(Answers.SILENT) + answers.undefined(200, 413, 503).size())
            .as("a 16 MiB body [%s,%s,…] within the limits must get 200, 413 or 503, got %s; stderr: %s", element, element, answers, tail(p))
            .isZero();
        assertNewClientAnswered(p, socket, "after a 16 MiB body of " + element);
      }
    }
  }

  @Test
  void at64MiB_manyConcurrentAmplifyingBodiesHeldBySleep_getDefinedStatuses_andANewClientIsAnswered_7_5_2() throws Exception {
    Path socket = dir.resolve("ctl.sock");
    try (ServerProcess p = ServerProcess.start(dir, heapLimited("--quiet", socket.toString()), Map.of())) {
      assertThat(p.awaitReady(socket)).as("ready at -Xmx64m; stderr: %s", p.stderr()).isTrue();
      // [3000,[],[],…] of 60 KiB: sleep holds its parsed arguments for 3 s on each connection
      byte[] body = sleepWithPadding(3000, "[]", 60 * 1024);
      Answers answers = new Answers();
      List<RawConnection> crowd = Answers.open(socket, 150, answers);
      try {
        Answers.exchangeAll(crowd, post("/sleep", body), ANSWERS_WITHIN, answers);
      } finally {
        Answers.closeAll(crowd);
      }
      System.out.println("150 concurrent 60 KiB sleep bodies: " + answers);
      assertThat(answers.count(Answers.CLOSED) + answers.count(Answers.SILENT) + answers.undefined(200, 503).size())
          .as("150 concurrent 60 KiB bodies to sleep must each get 200 or 503, got %s; stderr: %s", answers, tail(p))
          .isZero();
      assertThat(answers.count("200")).as("some of them served (%s)", answers).isPositive();
      assertNewClientAnswered(p, socket, "after 150 concurrent 60 KiB bodies");
    }
  }

  private static List<String> heapLimited(String... args) {
    List<String> command = ServerProcess.javaCommand(args);
    command.add(1, "-Xmx64m");
    return command;
  }

  /** The fresh client of 7.5: polled (a 503 or refusal may last until the flood's connections are gone). */
  private static void assertNewClientAnswered(ServerProcess p, Path socket, String after) {
    List<String> tries = new ArrayList<>();
    boolean answered =
        Deadline.await(
            ANSWERS_WITHIN,
            () -> {
              try (RawConnection c = RawConnection.open(socket)) {
                int status = c.exchange("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").status();
                tries.add(Integer.toString(status));
                return status == 200;
              } catch (IOException e) {
                tries.add(e.toString());
                return false;
              }
            });
    assertThat(answered)
        .as("a new client answered 200 %s; last tries: %s; process alive: %s; stderr: %s",
            after, tries.subList(Math.max(0, tries.size() - 3), tries.size()), p.isAlive(), tail(p))
        .isTrue();
  }

  private Path runDirectoryFor(String uid) throws IOException, InterruptedException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    Path run = Files.createDirectory(dir.resolve("run"));
    Process chown = new ProcessBuilder("chown", uid + ":" + uid, run.toString()).inheritIO().start();
    assertThat(chown.waitFor()).as("chown of the run directory").isZero();
    return run;
  }

  static byte[] post(String path, byte[] body) {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return request;
  }

  /** {@code [e,e,…,e]} of exactly {@code size} bytes or a little less. */
  static byte[] repeatedArray(String element, int size) {
    StringBuilder b = new StringBuilder(size).append('[').append(element);
    while (b.length() + element.length() + 2 <= size) {
      b.append(',').append(element);
    }
    return b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] sleepWithPadding(int millis, String element, int size) {
    StringBuilder b = new StringBuilder(size).append('[').append(millis);
    while (b.length() + element.length() + 2 <= size) {
      b.append(',').append(element);
    }
    return b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static int countLines(String text, String needle) {
    int n = 0;
    for (String line : text.split("\n")) {
      if (line.contains(needle)) {
        n++;
      }
    }
    return n;
  }

  private static String tail(ServerProcess p) {
    String err = p.stderr();
    return err.length() <= 3000 ? err : "…" + err.substring(err.length() - 3000);
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }
}
