package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.DirectoryEntries;
import org.ctlsock.server.testing.ServerProcess;
import org.ctlsock.server.testing.SocketPeers;
import org.ctlsock.server.testing.Strace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 2.6.1 with the program as processes: servers started at once on one path (nothing there, or
 * a stale socket). Exactly one serves, which the path's peer credentials prove; every other exits 4;
 * the survivor answers; after its stop only the lock file is left.
 */
class ConcurrentStartsIT {
  /** Rounds of pairs and triples; {@code -Dctlsock.server.rounds=N} for more. */
  private static final int ROUNDS = Integer.getInteger("ctlsock.server.rounds", 30);

  @TempDir Path dir;

  @Test
  void pairsAndTriples_onAnEmptyPathAndOnAStaleSocket_exactlyOneServes_2_6_1() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      int count = round % 2 == 0 ? 2 : 3;
      boolean stale = round / 2 % 2 == 1;
      Path roundDir = Files.createDirectory(dir.resolve("r" + round));
      Path sock = roundDir.resolve("ctl.sock");
      if (stale) {
        SocketPeers.makeStale(sock);
      }
      List<ServerProcess> servers = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          servers.add(ServerProcess.start(dir, "--quiet", sock.toString()));
        }
        String context = "round " + round + " of " + ROUNDS + ", " + count + " servers on " + (stale ? "a stale socket" : "an empty path");
        assertExactlyOneServes(sock, servers, context);
      } finally {
        servers.forEach(ServerProcess::close);
      }
    }
  }

  @Test
  void widenedWindow_aStarterDelayedBeforeItPlacesItsSocket_stillExactlyOneServes_2_6_1() throws Exception {
    assumeTrue(Strace.available(), Strace.missing());
    String place = "rename,renameat,renameat2,link,linkat";
    for (boolean stale : new boolean[] {true, false}) {
      Path roundDir = Files.createDirectory(dir.resolve(stale ? "stale" : "empty"));
      Path sock = roundDir.resolve("ctl.sock");
      if (stale) {
        SocketPeers.makeStale(sock);
      }
      List<ServerProcess> servers = new ArrayList<>();
      try {
        // A waits 2 s before each rename or link: it has probed, bound and chmod-ed, not yet placed.
        ServerProcess a = ServerProcess.start(dir, Strace.delaying(place, "2s", ServerProcess.javaCommand("--quiet", sock.toString())), java.util.Map.of());
        servers.add(a);
        assertThat(Deadline.await(Duration.ofSeconds(60), () -> !a.isAlive() || privateDirectoryIn(roundDir)))
            .as("A reached its private directory; stderr: %s", a.stderr()).isTrue();
        assertThat(a.isAlive()).as("A is inside the window; stderr: %s", a.stderr()).isTrue();
        servers.add(ServerProcess.start(dir, "--quiet", sock.toString())); // B, while A is in the window
        assertExactlyOneServes(sock, servers, "A delayed before placing its socket, B started meanwhile, " + (stale ? "stale socket" : "empty path"));
      } finally {
        servers.forEach(ServerProcess::close);
      }
    }
  }

  private static boolean privateDirectoryIn(Path dir) {
    try {
      return DirectoryEntries.names(dir).stream().anyMatch(n -> n.startsWith(".c"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Waits until each server has exited or is the one the path's listener belongs to, then judges. */
  static void assertExactlyOneServes(Path sock, List<ServerProcess> servers, String context) throws Exception {
    boolean settled = Deadline.await(Duration.ofSeconds(90), () -> {
      long listener = SocketPeers.listenerPid(sock);
      return servers.stream().allMatch(s -> !s.isAlive() || s.isOrStarted(listener));
    });
    String evidence = context + "\n" + servers.stream()
        .map(s -> "pid " + s.pid() + (s.isAlive() ? " alive" : " exited") + ", stderr: " + s.stderr().strip())
        .collect(Collectors.joining("\n"));
    assertThat(settled).as("every server either exited or serves the path within 90 s (one alive but not listening at the path lives on unreachable)\n" + evidence).isTrue();
    List<ServerProcess> alive = servers.stream().filter(ServerProcess::isAlive).collect(Collectors.toList());
    assertThat(alive).as("exactly one server serves (2.6.1)\n" + evidence).hasSize(1);
    ServerProcess survivor = alive.get(0);
    assertThat(survivor.isOrStarted(SocketPeers.listenerPid(sock))).as("the path's listener is the survivor\n" + evidence).isTrue();
    for (ServerProcess s : servers) {
      if (s != survivor) {
        assertThat(s.awaitExit()).as("a server that does not serve exits 4 (in use)\n" + evidence).isEqualTo(4);
      }
    }
    survivor.signalAll("TERM");
    Deadline.await(Duration.ofSeconds(60), () -> !survivor.isAlive());
    assertThat(survivor.isAlive()).as("the survivor stops on SIGTERM\n" + evidence).isFalse();
    assertThat(DirectoryEntries.names(sock.getParent())).as("after the stop only the lock file is left\n" + evidence)
        .isEqualTo(Set.of(sock.getFileName() + ".lock"));
  }
}
