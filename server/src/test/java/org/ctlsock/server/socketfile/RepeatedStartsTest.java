package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that starts and closes its control socket many times (a reload, a test suite)
 * must not run out of file descriptors: every start's listening socket, lock file and directory
 * handles are released by its close. Observed from outside the server, in /proc/self/fd.
 */
class RepeatedStartsTest {
  private static final int CYCLES = 40;
  private static final Path OWN_DESCRIPTORS = Path.of("/proc/self/fd");

  @TempDir Path dir;

  @Test
  void startAndCloseManyTimes_leavesNoDescriptorOpen() throws Exception {
    assumeTrue(Files.isDirectory(OWN_DESCRIPTORS), "needs /proc/self/fd (Linux)");
    Path socket = dir.resolve("ctl.sock");
    // One cycle first: class loading, junixsocket's native library and the JVM's own lazily
    // opened files are not what is counted.
    cycle(socket);
    List<String> before = openDescriptors();

    for (int i = 0; i < CYCLES; i++) {
      cycle(socket);
    }

    // A closed socket's descriptor may be released by junixsocket's cleaner a moment later.
    List<String> after = new ArrayList<>();
    boolean settled =
        Deadline.await(Duration.ofSeconds(10), () -> {
          after.clear();
          after.addAll(openDescriptors());
          return after.size() <= before.size() + 2;
        });
    List<String> added = new ArrayList<>(after);
    added.removeAll(before);
    assertThat(settled)
        .as("open descriptors: %d before %d start/close cycles, %d after; new ones: %s", before.size(), CYCLES, after.size(), added)
        .isTrue();
  }

  /** Starts a server, has it answer one request (an accepted connection), and closes it. */
  private static void cycle(Path socket) throws Exception {
    CtlsockServer server = TestServers.start(socket);
    try (RawConnection c = RawConnection.open(socket)) {
      assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);
    } finally {
      server.close();
    }
  }

  /** Each open descriptor with what it refers to ("12 -> socket:[4711]"), for the failure message. */
  private static List<String> openDescriptors() {
    List<String> entries = new ArrayList<>();
    try (Stream<Path> fds = Files.list(OWN_DESCRIPTORS)) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          entries.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
        } catch (IOException e) {
          // the descriptor of the listing itself, closed by now
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return entries;
  }
}
