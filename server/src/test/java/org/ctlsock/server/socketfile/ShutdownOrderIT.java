package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.FileFacts;
import org.ctlsock.server.testing.ServerProcess;
import org.ctlsock.server.testing.Strace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Spec 3.4.4: at shutdown the path is removed while the socket still listens, so that a successor
 * that finds it stale can never lose its own socket to the first server's unlink.
 *
 * <p>The window is widened from outside: the server runs under strace with every unlink delayed
 * by 1.5 s. The test then acts as a successor that takes no start lock (another implementation):
 * it probes the path over and over; when nothing is there it binds its own socket; when a socket
 * there refuses the connection (the first server closed before unlinking) it replaces it, as 2.2.2
 * allows. A server that closes first loses the race every time: its delayed unlink removes the
 * successor's socket.
 */
class ShutdownOrderIT {
  @TempDir Path dir;

  @Test
  void theSocketIsUnlinkedWhileStillListening_soASuccessorIsNeverUnlinked_3_4_4() throws Exception {
    assumeTrue(Strace.available(), Strace.missing());
    Path sock = dir.resolve("ctl.sock");
    List<String> command = Strace.delaying("unlink,unlinkat", "1500ms", ServerProcess.javaCommand("--quiet", sock.toString()));
    try (ServerProcess first = ServerProcess.start(dir, command, Map.of())) {
      assertThat(Deadline.await(Duration.ofSeconds(90), () -> !first.isAlive() || answers(sock)))
          .as("the first server is ready; stderr: %s", first.stderr()).isTrue();
      long serverPid = listenerPid(sock);
      assertThat(first.isOrStarted(serverPid)).isTrue();
      new ProcessBuilder("kill", "-TERM", Long.toString(serverPid)).inheritIO().start().waitFor(); // the JVM, not strace

      Successor successor = new Successor(sock);
      try {
        boolean done = Deadline.await(Duration.ofSeconds(90), () -> successor.step() && !first.isAlive());
        assertThat(done).as("the first server exited and the successor has the path; seen: %s; stderr: %s", successor.seen, first.stderr()).isTrue();
        assertThat(first.awaitExit()).as("the first server's exit (via strace); stderr: %s", first.stderr()).isZero();
        FileFacts now = FileFacts.orNull(sock);
        assertThat(now).as("the successor's socket is still at the path after the first server exited; seen: %s", successor.seen).isNotNull();
        assertThat(now.fileKey()).as("it is the successor's socket; seen: %s", successor.seen).isEqualTo(successor.fileKey);
        assertThat(connects(sock)).as("a client reaches the successor; seen: %s", successor.seen).isTrue();
        assertThat(successor.seen).as("the first server never refused a connection while its socket was still at the path")
            .noneMatch(s -> s.startsWith("refused"));
      } finally {
        successor.close();
      }
    }
  }

  /** A successor that takes no lock: binds when the path is empty, replaces a socket that refuses. */
  private static final class Successor implements AutoCloseable {
    final List<String> seen = new ArrayList<>();
    private final Path sock;
    private AFUNIXServerSocket socket;
    private Object fileKey;

    Successor(Path sock) {
      this.sock = sock;
    }

    /** One look at the path; true once the successor holds it. */
    boolean step() {
      if (socket != null) {
        return true;
      }
      try {
        FileFacts there = FileFacts.orNull(sock);
        if (there == null) {
          socket = bindAt(sock);
          seen.add("empty: the successor bound its socket at the path");
        } else if (there.isSocket() && refuses(sock) && there.equals(FileFacts.orNull(sock))) {
          seen.add("refused: the first server's socket refused a connection while still at the path; the successor replaced it");
          socket = replace(sock);
        } else {
          return false;
        }
        fileKey = FileFacts.of(sock).fileKey();
        return true;
      } catch (IOException e) {
        seen.add("a look failed: " + e);
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
      }
    }
  }

  private static boolean refuses(Path path) {
    try (AFUNIXSocket s = AFUNIXSocket.newInstance()) {
      s.connect(AFUNIXSocketAddress.of(path), 2000);
      return false;
    } catch (IOException e) {
      return String.valueOf(e.getMessage()).contains("Connection refused") || e.getClass().getSimpleName().contains("ConnectionRefused");
    }
  }

  private static AFUNIXServerSocket bindAt(Path path) throws IOException {
    AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
    s.setReuseAddress(false);
    s.setDeleteOnClose(false);
    s.bind(AFUNIXSocketAddress.of(path));
    return s;
  }

  /** What a successor does with a stale socket: bind beside it and rename over it. */
  private static AFUNIXServerSocket replace(Path path) throws IOException {
    Path aside = path.resolveSibling(path.getFileName() + ".new");
    AFUNIXServerSocket s = bindAt(aside);
    Files.move(aside, path, StandardCopyOption.ATOMIC_MOVE);
    return s;
  }

  private static boolean connects(Path path) {
    try (AFUNIXSocket s = AFUNIXSocket.newInstance()) {
      s.connect(AFUNIXSocketAddress.of(path), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean answers(Path path) {
    return connects(path);
  }

  private static long listenerPid(Path path) {
    return org.ctlsock.server.testing.SocketPeers.listenerPid(path);
  }
}
