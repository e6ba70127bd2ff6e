package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.DirectoryEntries;
import org.ctlsock.server.testing.ServerProcess;
import org.ctlsock.server.testing.Strace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 3.5.1 and 3.5.2: SIGKILL at any instant of start-up, then one normal start and a clean stop,
 * leaves nothing the servers created but the lock file.
 */
class CrashLeftoversIT {
  private static final int KILLS = Integer.getInteger("ctlsock.server.kills", 20);
  /** What a killed start may leave until the next start: its socket, the lock file, a private directory. */
  private static final Pattern ALLOWED_AFTER_KILL = Pattern.compile("ctl\\.sock|ctl\\.sock\\.lock|\\.c[a-z0-9]{4}");

  @TempDir Path dir;

  @Test
  void sigkillsSpreadOverStartUp_thenOneStartAndStop_leaveOnlyTheLockFile_3_5_2() throws Exception {
    Path roundDir = dir.resolve("d");
    java.nio.file.Files.createDirectory(roundDir);
    Path sock = roundDir.resolve("ctl.sock");
    long startUpNanos = timeOneStartUp(sock);
    List<String> evidence = new ArrayList<>();
    int leftPrivate = 0;
    for (int i = 0; i < KILLS; i++) {
      // The instant of the kill is what this test varies: evenly from exec to 120 % of a start-up.
      long killAfter = startUpNanos * 12 / 10 * i / KILLS;
      try (ServerProcess p = ServerProcess.start(dir, "--quiet", sock.toString())) {
        LockSupport.parkNanos(killAfter);
        p.signal("KILL");
        p.awaitExit();
      }
      Set<String> left = DirectoryEntries.names(roundDir);
      evidence.add("kill " + i + " at " + killAfter / 1_000_000 + " ms: " + left);
      assertThat(left).as("what a killed start left; %s", evidence).allMatch(n -> ALLOWED_AFTER_KILL.matcher(n).matches());
      if (left.stream().anyMatch(n -> n.startsWith(".c"))) {
        leftPrivate++;
      }
    }
    System.out.println("3.5.2 sweep: " + KILLS + " kills over " + startUpNanos / 1_000_000 + " ms of start-up, " + leftPrivate + " left a private directory: " + evidence);
    startAndStop(sock, evidence);
  }

  @Test
  void killedWhileBindingInItsPrivateDirectory_theNextStartRemovesIt_3_5_2() throws Exception {
    assumeTrue(Strace.available(), Strace.missing());
    Path roundDir = dir.resolve("d");
    java.nio.file.Files.createDirectory(roundDir);
    Path sock = roundDir.resolve("ctl.sock");
    // bind waits 30 s: the private directory exists, recorded in the lock file, when the kill comes.
    List<String> command = Strace.delaying("bind", "30s", ServerProcess.javaCommand("--quiet", sock.toString()));
    try (ServerProcess p = ServerProcess.start(dir, command, Map.of())) {
      assertThat(Deadline.await(Duration.ofSeconds(60), () -> !p.isAlive() || hasPrivateDirectory(roundDir)))
          .as("the private directory appears; stderr: %s", p.stderr()).isTrue();
      p.signalAll("KILL");
      Deadline.await(Duration.ofSeconds(30), () -> !p.isAlive());
    }
    assertThat(hasPrivateDirectory(roundDir)).as("the kill left a private directory: %s", DirectoryEntries.names(roundDir)).isTrue();
    startAndStop(sock, List.of("after a kill while binding: " + DirectoryEntries.names(roundDir)));
  }

  private static boolean hasPrivateDirectory(Path dir) {
    try {
      return DirectoryEntries.names(dir).stream().anyMatch(n -> n.startsWith(".c"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private long timeOneStartUp(Path sock) throws Exception {
    long t0 = System.nanoTime();
    try (ServerProcess p = ServerProcess.start(dir, "--quiet", sock.toString())) {
      assertThat(p.awaitReady(sock)).as("stderr: %s", p.stderr()).isTrue();
      long elapsed = System.nanoTime() - t0;
      p.signal("TERM");
      assertThat(p.awaitExit()).isZero();
      return elapsed;
    }
  }

  private void startAndStop(Path sock, List<String> evidence) throws Exception {
    try (ServerProcess p = ServerProcess.start(dir, "--quiet", sock.toString())) {
      assertThat(p.awaitReady(sock)).as("the next start serves; stderr: %s; %s", p.stderr(), evidence).isTrue();
      p.signal("TERM");
      assertThat(p.awaitExit()).as("stderr: %s", p.stderr()).isZero();
    }
    assertThat(DirectoryEntries.names(sock.getParent()))
        .as("after one start and a clean stop only the lock file is left (3.5.2); %s", evidence)
        .isEqualTo(Set.of("ctl.sock.lock"));
  }
}
