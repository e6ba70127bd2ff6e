package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;
import org.ctlsock.server.testing.FileFacts;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Spec sections 2 and 3: what a server does with the path, observed on the file system. */
class SocketFileTest {
  private static final String LOCK = "ctl.sock.lock";

  @TempDir Path dir;

  private Path sock() {
    return dir.resolve("ctl.sock");
  }

  /** Group tests give the socket group 100 ("users"), which needs root or membership. */
  private static void assumeGroupUsersSettable() throws IOException {
    int uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
    assumeTrue(uid == 0, "needs root to give a socket the group 100 (users)");
    assumeTrue(GroupLookup.resolve("users") != null, "needs the group 'users' (gid 100)");
  }

  private Set<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private static String echo(Path socket) throws IOException {
    try (RawConnection c = RawConnection.open(socket)) {
      HttpResponse r = c.exchange("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(r.status()).as("response %s", r).isEqualTo(200);
      return r.text();
    }
  }

  /** A socket file nobody listens on, like one left by a server that was killed (2.2.2, 3.5.1). */
  private static void makeStaleSocket(Path path) throws IOException {
    AFUNIXServerSocket s = AFUNIXServerSocket.newInstance();
    s.setDeleteOnClose(false);
    s.bind(AFUNIXSocketAddress.of(path));
    s.close();
    assertThat(FileFacts.of(path).isSocket()).isTrue();
  }

  @Test
  void nothingAtThePath_createsTheSocketAndAnswers_2_2_1() throws Exception {
    try (CtlsockServer server = TestServers.start(sock())) {
      assertThat(FileFacts.of(sock()).isSocket()).isTrue();
      assertThat(echo(sock())).isEqualTo("[]");
      assertThat(entries()).as("no private directory left behind (2.3.4), the lock file beside it (2.6.2)")
          .containsExactlyInAnyOrder("ctl.sock", LOCK);
    }
    assertThat(FileFacts.orNull(sock())).as("removed at shutdown (3.4.2)").isNull();
    assertThat(entries()).as("only the lock file remains (3.5.1)").containsExactly(LOCK);
  }

  @Test
  void staleSocket_isReplaced_2_2_2() throws Exception {
    makeStaleSocket(sock());
    Object staleInode = FileFacts.of(sock()).fileKey();
    try (CtlsockServer server = TestServers.start(sock())) {
      assertThat(FileFacts.of(sock()).fileKey()).as("a new socket replaced the stale one").isNotEqualTo(staleInode);
      assertThat(echo(sock())).isEqualTo("[]");
      assertThat(entries()).containsExactlyInAnyOrder("ctl.sock", LOCK);
    }
  }

  @Test
  void liveSocket_isRefusedAndLeftServing_2_2_3() throws Exception {
    try (CtlsockServer first = TestServers.start(sock())) {
      FileFacts before = FileFacts.of(sock());
      CtlsockServer second = TestServers.conformance(sock()).build();
      assertThatThrownBy(second::start)
          .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IN_USE))
          .hasMessageContaining(sock().toString())
          .hasMessageContaining("live server");
      assertThat(FileFacts.of(sock())).as("the live socket is untouched").isEqualTo(before);
      assertThat(echo(sock())).as("the live server goes on answering").isEqualTo("[]");
      assertThat(entries()).containsExactlyInAnyOrder("ctl.sock", LOCK);
      second.close();
      assertThat(FileFacts.of(sock())).as("closing the refused server leaves the live socket").isEqualTo(before);
    }
  }

  @Test
  void regularFile_isRefusedAndLeftExactlyAsItWas_2_2_4() throws Exception {
    Files.writeString(sock(), "precious data\n");
    Files.setLastModifiedTime(sock(), FileTime.from(1_000_000, TimeUnit.SECONDS));
    assertRefusedAsNotASocketAndUnchanged();
    assertThat(Files.readString(sock())).isEqualTo("precious data\n");
  }

  @Test
  void directory_isRefusedAndLeftExactlyAsItWas_2_2_4() throws Exception {
    Files.createDirectory(sock());
    Files.writeString(sock().resolve("inside"), "x");
    assertRefusedAsNotASocketAndUnchanged();
    assertThat(Files.readString(sock().resolve("inside"))).isEqualTo("x");
  }

  @Test
  void symlinkToNothing_isRefusedAndNotFollowed_2_2_4() throws Exception {
    Path target = dir.resolve("target-that-does-not-exist");
    Files.createSymbolicLink(sock(), target);
    assertRefusedAsNotASocketAndUnchanged();
    assertThat(Files.readSymbolicLink(sock())).isEqualTo(target);
    assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).as("the link's target was not created").isFalse();
  }

  @Test
  void symlinkToStaleSocket_isRefusedAndNeitherIsTouched_2_2_4() throws Exception {
    Path real = dir.resolve("real.sock");
    makeStaleSocket(real);
    FileFacts realBefore = FileFacts.of(real);
    Files.createSymbolicLink(sock(), real);
    assertRefusedAsNotASocketAndUnchanged();
    assertThat(FileFacts.of(real)).isEqualTo(realBefore);
    assertThat(Files.readSymbolicLink(sock())).isEqualTo(real);
  }

  @Test
  void fifo_isRefusedAndLeftExactlyAsItWas_2_2_4() throws Exception {
    Process p = new ProcessBuilder("mkfifo", sock().toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
    assertRefusedAsNotASocketAndUnchanged();
  }

  private void assertRefusedAsNotASocketAndUnchanged() throws Exception {
    FileFacts before = FileFacts.of(sock());
    Set<String> entriesBefore = entries();
    CtlsockServer server = TestServers.conformance(sock()).build();
    assertThatThrownBy(server::start)
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_SOCKET))
        .hasMessageContaining(sock().toString())
        .hasMessageContaining("not a socket");
    assertThat(FileFacts.of(sock())).as("type, inode, mode, owner, group, mtime and size unchanged").isEqualTo(before);
    assertThat(entries()).as("nothing created or removed beside it (3.1.2)").isEqualTo(entriesBefore);
    server.close();
    assertThat(FileFacts.of(sock())).isEqualTo(before);
  }

  @Test
  void pathTooLong_isRefusedBeforeTouchingTheFileSystem_2_1_2() throws Exception {
    Path longPath = dir.resolve("x".repeat(120));
    CtlsockServer server = TestServers.conformance(longPath).build();
    int length = longPath.toString().getBytes(StandardCharsets.UTF_8).length;
    assertThatThrownBy(server::start)
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PATH))
        .hasMessageContaining(longPath.toString())
        .hasMessageContaining(String.valueOf(length))
        .hasMessageContaining("107");
    assertThat(entries()).isEmpty();
  }

  @Test
  void pathOf100Bytes_isAccepted_2_1_3() throws Exception {
    String prefix = dir.toString() + "/";
    Path exactly100 = Path.of(prefix + "s".repeat(100 - prefix.length()));
    assertThat(exactly100.toString().getBytes(StandardCharsets.UTF_8)).hasSize(100);
    try (CtlsockServer server = TestServers.start(exactly100)) {
      assertThat(echo(exactly100)).isEqualTo("[]");
    }
  }

  @Test
  void pathOf100BytesInADeepDirectory_isAccepted_2_1_3() throws Exception {
    // A one-byte name in a 98-byte directory: the case that once left no room for a private directory.
    int pad = 98 - dir.toString().length() - 1;
    Path directory = dir.resolve("d".repeat(pad));
    assertThat(directory.toString()).hasSize(98);
    Files.createDirectories(directory);
    Path socket = directory.resolve("s");
    assertThat(socket.toString().getBytes(StandardCharsets.UTF_8)).hasSize(100);
    try (CtlsockServer server = TestServers.start(socket)) {
      assertThat(echo(socket)).isEqualTo("[]");
    }
  }

  @Test
  void pathOfThePlatformLimit_isAccepted_noRoomNeededForAPrivateDirectory_2_1_3() throws Exception {
    // The socket is bound as /proc/self/fd/M/s and linked into place: the final path may use all of sun_path.
    String prefix = dir.toString() + "/";
    Path exactly107 = Path.of(prefix + "s".repeat(107 - prefix.length()));
    assertThat(exactly107.toString().getBytes(StandardCharsets.UTF_8)).hasSize(107);
    try (CtlsockServer server = TestServers.start(exactly107)) {
      assertThat(echo(exactly107)).isEqualTo("[]");
    }
  }

  @Test
  void missingDirectory_isABadPath_3_3_2() {
    Path socket = dir.resolve("missing").resolve("ctl.sock");
    CtlsockServer server = TestServers.conformance(socket).build();
    assertThatThrownBy(server::start)
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PATH))
        .hasMessageContaining("does not exist");
    assertThat(Files.exists(dir.resolve("missing"))).isFalse();
  }

  @Test
  void defaultMode_isWhatBindGivesUnderTheUmask_2_3_1() throws Exception {
    int expected = 0777 & ~Umask.current();
    try (CtlsockServer server = TestServers.start(sock())) {
      assertThat(Modes.format(FileFacts.of(sock()).permissions())).isEqualTo(Modes.format(expected));
    }
  }

  @Test
  void explicitModes_areExactWhateverTheUmask_9_1_1() throws Exception {
    for (int mode : new int[] {0600, 0660, 0666, 0777, 0700, 0}) {
      try (CtlsockServer server = TestServers.start(sock(), b -> b.mode(mode))) {
        assertThat(Modes.format(FileFacts.of(sock()).permissions())).as("--mode %s", Modes.format(mode)).isEqualTo(Modes.format(mode));
      }
    }
  }

  @Test
  void thePathNeverAppearsWithAnotherModeOrGroup_2_3_2() throws Exception {
    assumeGroupUsersSettable();
    // A watcher looks at the path as fast as it can while servers start and stop; every sighting
    // must show the final mode and group.
    int mode = 0600;
    int gid = 100;
    List<String> wrong = new ArrayList<>();
    int[] sightings = {0};
    Thread watcher =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                FileFacts f = FileFacts.orNull(sock());
                if (f != null) {
                  sightings[0]++;
                  if (f.permissions() != mode || f.gid() != gid) {
                    wrong.add(Modes.format(f.permissions()) + " gid " + f.gid());
                  }
                }
              }
            });
    watcher.start();
    try {
      for (int i = 0; i < 20; i++) {
        try (CtlsockServer server = TestServers.start(sock(), b -> b.mode(mode).group(String.valueOf(gid)))) {
          assertThat(FileFacts.of(sock()).permissions()).isEqualTo(mode);
        }
      }
    } finally {
      watcher.interrupt();
      watcher.join();
    }
    assertThat(sightings[0]).as("the watcher saw the socket").isPositive();
    assertThat(wrong).as("sightings with a mode or group other than the final ones").isEmpty();
  }

  @Test
  void explicitGroup_byNumberAndByName_9_2_1() throws Exception {
    assumeGroupUsersSettable();
    try (CtlsockServer server = TestServers.start(sock(), b -> b.group("100"))) {
      assertThat(FileFacts.of(sock()).gid()).isEqualTo(100);
    }
    try (CtlsockServer server = TestServers.start(sock(), b -> b.group("users"))) {
      assertThat(FileFacts.of(sock()).gid()).isEqualTo(100);
    }
  }

  @Test
  void unknownGroup_isRefusedWithoutCreatingTheSocket_9_2_1() {
    for (String group : new String[] {"no-such-group-ctlsock", "4242424"}) {
      CtlsockServer server = TestServers.conformance(sock()).group(group).build();
      assertThatThrownBy(server::start)
          .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.GROUP))
          .hasMessageContaining(group);
      assertThat(FileFacts.orNull(sock())).isNull();
    }
  }

  @Test
  void setGroupIdDirectory_givesItsGroupToTheSocket_2_3_3() throws Exception {
    assumeGroupUsersSettable();
    Path shared = dir.resolve("shared");
    Files.createDirectory(shared);
    Files.getFileAttributeView(shared, PosixFileAttributeView.class)
        .setGroup(shared.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("users"));
    Process chmod = new ProcessBuilder("chmod", "2775", shared.toString()).inheritIO().start();
    assertThat(chmod.waitFor()).isZero();
    Path socket = shared.resolve("ctl.sock");
    try (CtlsockServer server = TestServers.start(socket)) {
      assertThat(FileFacts.of(socket).gid()).isEqualTo(100);
    }
    FileFacts dirAfter = FileFacts.of(shared);
    assertThat(dirAfter.mode() & 07777).as("the directory's mode is untouched (2.3.4)").isEqualTo(02775);
    assertThat(dirAfter.gid()).isEqualTo(100);
  }

  @Test
  void socketReplacedWhileRunning_survivesShutdown_3_4_2() throws Exception {
    CtlsockServer first = TestServers.start(sock());
    Files.delete(sock());
    // A successor that takes no start lock (another implementation, or an operator's tool): the
    // first server still holds the lock, so a 2.6.2 successor would not start at all.
    try (AFUNIXServerSocket successor = AFUNIXServerSocket.newInstance()) {
      successor.setDeleteOnClose(false);
      successor.bind(AFUNIXSocketAddress.of(sock()));
      FileFacts successorFile = FileFacts.of(sock());
      first.close();
      assertThat(FileFacts.of(sock())).as("the successor's socket is not the first server's to remove").isEqualTo(successorFile);
    }
  }

  @Test
  void secondServerWhileTheFirstHoldsTheLock_isInUseAndTouchesNothing_2_6_2() throws Exception {
    try (CtlsockServer first = TestServers.start(sock())) {
      Files.delete(sock()); // the path is empty now, but the first server is still alive and locked
      CtlsockServer second = TestServers.conformance(sock()).build();
      assertThatThrownBy(second::start)
          .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IN_USE))
          .hasMessageContaining(sock().toString())
          .hasMessageContaining(LOCK);
      assertThat(entries()).as("the refused server created nothing").containsExactly(LOCK);
      second.close();
    }
    try (CtlsockServer third = TestServers.start(sock())) {
      assertThat(echo(sock())).as("the lock is released when the first server closes").isEqualTo("[]");
    }
  }

  @Test
  void fileReplacingTheSocket_survivesShutdown_3_2_1() throws Exception {
    CtlsockServer server = TestServers.start(sock());
    Files.delete(sock());
    Files.writeString(sock(), "someone else's");
    server.close();
    assertThat(Files.readString(sock())).isEqualTo("someone else's");
  }

  @Test
  void pathRemovedWhileRunning_isNotRecreated_3_2_1() throws Exception {
    CtlsockServer server = TestServers.start(sock());
    Files.delete(sock());
    server.close();
    assertThat(FileFacts.orNull(sock())).isNull();
  }

  @Test
  void startAndCloseAreIdempotent() throws Exception {
    CtlsockServer server = TestServers.conformance(sock()).build();
    server.start();
    server.start();
    assertThat(echo(sock())).isEqualTo("[]");
    server.close();
    server.close();
    assertThat(FileFacts.orNull(sock())).isNull();
  }

  @Test
  void afterCloseNewConnectionsAreRefused_3_4_3() throws Exception {
    CtlsockServer server = TestServers.start(sock(), b -> b.gracePeriod(Duration.ZERO));
    Path alias = dir.resolve("alias.sock");
    Files.createLink(alias, sock()); // a second name, to try connecting after the path is gone
    server.close();
    assertThatThrownBy(() -> RawConnection.open(alias)).isInstanceOf(IOException.class);
    Files.delete(alias);
  }

  @Test
  void relativePath_isResolvedAgainstTheWorkingDirectory_2_1_1() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path relative = cwd.relativize(sock());
    try (CtlsockServer server = TestServers.start(relative)) {
      assertThat(FileFacts.of(sock()).isSocket()).isTrue();
    }
  }

  @Test
  void umaskIsReadFromTheKernel() {
    assertThat(Umask.current()).isBetween(0, 0777);
    assertThat(PosixFilePermissions.toString(Modes.toPermissions(0754))).isEqualTo("rwxr-xr--");
    assertThat(Modes.toMode(PosixFilePermissions.fromString("rw-rw----"))).isEqualTo(0660);
    assertThat(Modes.parseOctal("0660")).isEqualTo(0660);
    assertThat(Modes.parseOctal("0o777")).isEqualTo(0777);
    assertThatThrownBy(() -> Modes.parseOctal("1000")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Modes.parseOctal("0x1f")).isInstanceOf(IllegalArgumentException.class);
  }
}
