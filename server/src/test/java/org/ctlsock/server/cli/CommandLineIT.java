package org.ctlsock.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.server.testing.FileFacts;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program as a process: exit codes (3.3), signals (3.4), options (8.4), socket activation (9.4). */
class CommandLineIT {
  @TempDir Path dir;

  private Path sock() {
    return dir.resolve("ctl.sock");
  }

  private Set<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("stderr")).collect(Collectors.toSet());
    }
  }

  private int runToExit(String... args) throws Exception {
    try (ServerProcess p = ServerProcess.start(dir, args)) {
      int status = p.awaitExit();
      lastStderr = p.stderr();
      return status;
    }
  }

  private String lastStderr = "";

  @Test
  void servesTheConformanceCommands_andExits0OnSigterm_removingTheSocket_3_4_1() throws Exception {
    try (ServerProcess p = ServerProcess.start(dir, sock().toString())) {
      assertThat(p.awaitReady(sock())).as("ready; stderr: %s", p.stderr()).isTrue();
      try (RawConnection c = RawConnection.open(sock())) {
        HttpResponse r = c.exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n[\"a\",1]");
        assertThat(r.text()).isEqualTo("[\"a\",1]");
      }
      p.signal("TERM");
      assertThat(p.awaitExit()).as("exit status; stderr: %s", p.stderr()).isZero();
      assertThat(FileFacts.orNull(sock())).isNull();
      assertThat(entries()).as("only the start lock's file is left (2.6.2, 3.5.1)").containsExactly("ctl.sock.lock");
      assertThat(p.stderr()).as("one log line per request").contains(" POST echo 200 ");
    }
  }

  @Test
  void sigintAlsoShutsDownWithStatus0_3_4_1() throws Exception {
    try (ServerProcess p = ServerProcess.start(dir, "--quiet", sock().toString())) {
      assertThat(p.awaitReady(sock())).isTrue();
      p.signal("INT");
      assertThat(p.awaitExit()).isZero();
      assertThat(FileFacts.orNull(sock())).isNull();
      assertThat(p.stderr()).as("--quiet: no request lines").doesNotContain(" GET nothing ");
    }
  }

  @Test
  void aRequestInProgressAtSigterm_completes_andNewConnectionsAreRefused_3_4_1_3_4_3() throws Exception {
    try (ServerProcess p = ServerProcess.start(dir, "--quiet", sock().toString())) {
      assertThat(p.awaitReady(sock())).isTrue();
      Path alias = dir.resolve("alias.sock");
      Files.createLink(alias, sock());
      try (RawConnection c = RawConnection.open(sock())) {
        c.send("POST /sleep HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n[1500]");
        // the request is in progress once the sleep runs; the server tells no one, so ask for
        // another answer on a second connection first, which proves the server read ours.
        try (RawConnection other = RawConnection.open(sock())) {
          other.exchange("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        p.signal("TERM");
        HttpResponse r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("Success");
      }
      assertThat(p.awaitExit()).isZero();
      boolean refused;
      try (RawConnection late = RawConnection.open(alias)) {
        refused = false;
      } catch (IOException e) {
        refused = true;
      }
      assertThat(refused).as("the listening socket is closed").isTrue();
      assertThat(FileFacts.orNull(sock())).isNull();
    }
  }

  @Test
  void unknownOptionAndMissingPath_areUsageErrors_3_3_3() throws Exception {
    assertThat(runToExit("--frobnicate", sock().toString())).isEqualTo(2);
    assertThat(lastStderr).contains("--frobnicate");
    assertThat(runToExit()).isEqualTo(2);
    assertThat(runToExit("--mode", "0999", sock().toString())).as("bad --mode (9.1.1)").isEqualTo(2);
    assertThat(runToExit("--mode", "1777", sock().toString())).isEqualTo(2);
    assertThat(entries()).as("no socket was created").isEmpty();
  }

  @Test
  void badPaths_exit3_2_1_2() throws Exception {
    Path tooLong = dir.resolve("x".repeat(110));
    assertThat(runToExit(tooLong.toString())).isEqualTo(3);
    assertThat(lastStderr).contains(tooLong.toString()).contains("107").contains(String.valueOf(tooLong.toString().length()));
    assertThat(lastStderr.trim().lines().count()).as("one line").isEqualTo(1);
    assertThat(runToExit("")).isEqualTo(3);
    assertThat(runToExit(dir.resolve("no/such/dir/ctl.sock").toString())).isEqualTo(3);
    assertThat(entries()).isEmpty();
  }

  @Test
  void liveServerOnThePath_exit4_andItKeepsServing_2_2_3() throws Exception {
    try (ServerProcess first = ServerProcess.start(dir, "--quiet", sock().toString())) {
      assertThat(first.awaitReady(sock())).isTrue();
      FileFacts before = FileFacts.of(sock());
      assertThat(runToExit(sock().toString())).isEqualTo(4);
      assertThat(lastStderr).contains(sock().toString()).contains("live server");
      assertThat(FileFacts.of(sock())).isEqualTo(before);
      try (RawConnection c = RawConnection.open(sock())) {
        assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      }
    }
  }

  @Test
  void notASocket_exit5_2_2_4() throws Exception {
    Files.writeString(sock(), "keep me");
    assertThat(runToExit(sock().toString())).isEqualTo(5);
    assertThat(lastStderr).contains(sock().toString()).contains("regular file");
    assertThat(Files.readString(sock())).isEqualTo("keep me");
  }

  @Test
  void staleSocketAfterSigkill_isReplaced_3_5_1() throws Exception {
    try (ServerProcess killed = ServerProcess.start(dir, "--quiet", sock().toString())) {
      assertThat(killed.awaitReady(sock())).isTrue();
      killed.signal("KILL");
      killed.awaitExit();
    }
    assertThat(FileFacts.of(sock()).isSocket()).as("a killed server leaves its socket").isTrue();
    assertThat(entries()).as("and nothing else but the lock file (3.5.1)").containsExactlyInAnyOrder("ctl.sock", "ctl.sock.lock");
    try (ServerProcess next = ServerProcess.start(dir, "--quiet", sock().toString())) {
      assertThat(next.awaitReady(sock())).as("stderr: %s", next.stderr()).isTrue();
    }
  }

  @Test
  void unknownGroup_exit7_9_2_1() throws Exception {
    assertThat(runToExit("--group", "no-such-group-ctlsock", sock().toString())).isEqualTo(7);
    assertThat(lastStderr).contains("no-such-group-ctlsock");
    assertThat(entries()).isEmpty();
  }

  @Test
  void modeAndGroupOptions_8_4_1() throws Exception {
    assumeTrue(isRoot(), "needs root to give a socket the group 100 (users)");
    try (ServerProcess p = ServerProcess.start(dir, "--quiet", "--mode", "0660", "--group", "users", sock().toString())) {
      assertThat(p.awaitReady(sock())).isTrue();
      FileFacts f = FileFacts.of(sock());
      assertThat(f.permissions()).isEqualTo(0660);
      assertThat(f.gid()).isEqualTo(100);
    }
  }

  @Test
  void helpAndVersion_exit0() throws Exception {
    assertThat(runToExit("--help")).isZero();
    assertThat(runToExit("--version")).isZero();
  }

  @Test
  void permissionDeniedOnTheDirectory_exit6() throws Exception {
    assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to run the server as another uid");
    Path locked = dir.resolve("locked");
    Files.createDirectory(locked); // root-owned, 0755: nobody may search but not create
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"));
    command.addAll(ServerProcess.javaCommand(locked.resolve("ctl.sock").toString()));
    try (ServerProcess p = ServerProcess.start(dir, command, Map.of())) {
      assertThat(p.awaitExit()).as("stderr: %s", p.stderr()).isEqualTo(6);
      assertThat(p.stderr()).contains(locked.resolve("ctl.sock").toString()).contains("permission denied");
    }
    try (Stream<Path> s = Files.list(locked)) {
      assertThat(s.count()).isZero();
    }
  }

  @Test
  void umaskThatStripsOwnerBits_stillWorksForANonRootOwner_2_3_1() throws Exception {
    assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to run the server as another uid");
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String umask : new String[] {"177", "117", "077"}) {
      Path owned = dir.resolve("owned-" + umask);
      Files.createDirectory(owned);
      Files.setAttribute(owned, "unix:uid", 65534);
      Files.setAttribute(owned, "unix:gid", 65534);
      Path socket = owned.resolve("ctl.sock");
      List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh", "setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"));
      command.addAll(ServerProcess.javaCommand("--quiet", socket.toString()));
      try (ServerProcess p = ServerProcess.start(dir, command, Map.of())) {
        assertThat(p.awaitReady(socket)).as("umask %s; stderr: %s", umask, p.stderr()).isTrue();
        FileFacts f = FileFacts.of(socket);
        assertThat(f.permissions()).as("umask %s", umask).isEqualTo(0777 & ~Integer.parseInt(umask, 8));
        assertThat(f.uid()).isEqualTo(65534);
        p.signal("TERM");
        assertThat(p.awaitExit()).isZero();
      }
      try (Stream<Path> left = Files.list(owned)) {
        assertThat(left.map(e -> e.getFileName().toString())).as("nothing left in the directory but the lock file").containsExactly("ctl.sock.lock");
      }
      FileFacts lock = FileFacts.of(owned.resolve("ctl.sock.lock"));
      assertThat(lock.uid()).as("the lock file is the server's").isEqualTo(65534);
      assertThat(lock.permissions() & 022).as("nobody else may write the lock file").isZero();
    }
  }

  @Test
  void anotherUsersStaleSocketInAStickyDirectory_exit6AndUntouched() throws Exception {
    assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to run the server as another uid");
    Path sticky = dir.resolve("sticky");
    Files.createDirectory(sticky);
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    new ProcessBuilder("chmod", "1777", sticky.toString()).inheritIO().start().waitFor();
    Path stale = sticky.resolve("ctl.sock");
    org.newsclub.net.unix.AFUNIXServerSocket s = org.newsclub.net.unix.AFUNIXServerSocket.newInstance();
    s.setDeleteOnClose(false);
    s.bind(org.newsclub.net.unix.AFUNIXSocketAddress.of(stale));
    s.close();
    Files.setPosixFilePermissions(stale, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    FileFacts before = FileFacts.of(stale);
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"));
    command.addAll(ServerProcess.javaCommand(stale.toString()));
    try (ServerProcess p = ServerProcess.start(dir, command, Map.of())) {
      assertThat(p.awaitExit()).as("stderr: %s", p.stderr()).isEqualTo(6);
      assertThat(p.stderr()).contains(stale.toString()).contains("permission denied");
    }
    assertThat(FileFacts.of(stale)).isEqualTo(before);
    try (Stream<Path> entries = Files.list(sticky)) {
      assertThat(entries.map(e -> e.getFileName().toString()))
          .as("no private directory left; the lock file may stay (3.1.2)")
          .containsExactlyInAnyOrder("ctl.sock", "ctl.sock.lock");
    }
  }

  @Test
  void allowListOptions_403ForOthers_9_3_3() throws Exception {
    try (ServerProcess p = ServerProcess.start(dir, "--quiet", "--allow-uid", "4242", "--allow-gid", "4243", sock().toString())) {
      Deadlines.awaitSocket(sock());
      try (RawConnection c = RawConnection.open(sock())) {
        assertThat(c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(403);
      }
    }
  }

  @Test
  void socketActivation_servesOnFd3_andNeverTouchesThePath_9_4_1() throws Exception {
    Path activate = Path.of("/usr/bin/systemd-socket-activate");
    assumeTrue(Files.isExecutable(activate), "systemd-socket-activate is not installed");
    List<String> command = new ArrayList<>(List.of(activate.toString(), "-l", sock().toString()));
    command.addAll(ServerProcess.javaCommand("--quiet", "--mode", "0600", sock().toString()));
    try (ServerProcess p = ServerProcess.start(dir, command, Map.of())) {
      // systemd-socket-activate binds (the file appears), then listens, and starts the server on the
      // first connection (this probe's): the file's facts are settled once the server has answered.
      assertThat(Deadlines.awaitListening(sock())).isTrue();
      try (RawConnection c = RawConnection.open(sock())) {
        HttpResponse r = c.exchange("GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).as("stderr: %s", p.stderr()).isEqualTo(200);
      }
      FileFacts before = FileFacts.of(sock());
      assertThat(before.permissions()).as("--mode is not applied to a socket it did not create").isNotEqualTo(0600);
      p.signal("TERM"); // systemd-socket-activate exec-ed the server: same pid
      assertThat(p.awaitExit()).isZero();
      assertThat(FileFacts.of(sock())).as("the path is systemd's: left in place").isEqualTo(before);
    }
  }

  private static boolean isRoot() throws IOException {
    return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
  }
}
