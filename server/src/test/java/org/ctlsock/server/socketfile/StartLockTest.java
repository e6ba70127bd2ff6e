package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ctlsock.server.CtlsockServer;
import org.ctlsock.server.StartupException;
import org.ctlsock.server.StartupException.Reason;
import org.ctlsock.server.testing.DirectoryEntries;
import org.ctlsock.server.testing.FileFacts;
import org.ctlsock.server.testing.HttpResponse;
import org.ctlsock.server.testing.RawConnection;
import org.ctlsock.server.testing.SocketPeers;
import org.ctlsock.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start lock (spec 2.6.2), crash leftovers (3.5.2) and what is never followed at the lock's
 * and the private directory's names (2.5.1), observed on the file system and from another process.
 */
class StartLockTest {
  private static final String LOCK = "ctl.sock.lock";

  @TempDir Path dir;

  private Path sock() {
    return dir.resolve("ctl.sock");
  }

  private Path lock() {
    return dir.resolve(LOCK);
  }

  private static boolean isRoot() throws IOException {
    return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
  }

  private static int answer(Path socket) throws IOException {
    try (RawConnection c = RawConnection.open(socket)) {
      HttpResponse r = c.exchange("GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      return r.status();
    }
  }

  private void assertRefusedWith(Reason reason, String... messageParts) {
    CtlsockServer server = TestServers.conformance(sock()).build();
    assertThatThrownBy(server::start)
        .isInstanceOfSatisfying(StartupException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContainingAll(messageParts);
    server.close();
  }

  /** A canary file owned by root with known content and mode 0600: what an attacker would aim the server at. */
  private Path canary() throws IOException {
    Path canary = dir.resolve("canary");
    Files.writeString(canary, "canary\n");
    Files.setPosixFilePermissions(canary, PosixFilePermissions.fromString("rw-------"));
    return canary;
  }

  @Test
  void lockHeldByAnotherProcessWithFcntl_isInUse_andThePathIsLeftAlone_2_6_2() throws Exception {
    SocketPeers.makeStale(sock());
    FileFacts stale = FileFacts.of(sock());
    // Python's fcntl.lockf is F_SETLK, as a server in another language would take it.
    Process holder = new ProcessBuilder(
            "python3", "-c",
            "import fcntl,os,sys\n"
                + "fd=os.open(sys.argv[1],os.O_RDWR|os.O_CREAT|os.O_NOFOLLOW,0o600)\n"
                + "fcntl.lockf(fd,fcntl.LOCK_EX|fcntl.LOCK_NB)\n"
                + "print('locked',flush=True)\n"
                + "sys.stdin.read()\n",
            lock().toString())
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("the other process holds the lock").isEqualTo("locked");
      assertRefusedWith(Reason.IN_USE, sock().toString(), lock().toString());
      assertThat(FileFacts.of(sock())).as("the stale socket is not the refused server's to replace").isEqualTo(stale);
      assertThat(DirectoryEntries.names(dir)).containsExactlyInAnyOrder("ctl.sock", LOCK);
    } finally {
      holder.getOutputStream().close(); // the holder exits, and the kernel drops its lock
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (CtlsockServer server = TestServers.start(sock())) {
      assertThat(answer(sock())).as("free once the holder is gone").isEqualTo(200);
    }
  }

  @Test
  void theLockIsHeldWhileTheServerRuns_anotherProcessCannotTakeIt_2_6_2() throws Exception {
    try (CtlsockServer server = TestServers.start(sock())) {
      Process probe = new ProcessBuilder(
              "python3", "-c",
              "import fcntl,os,sys\n"
                  + "fd=os.open(sys.argv[1],os.O_RDWR|os.O_NOFOLLOW)\n"
                  + "try:\n  fcntl.lockf(fd,fcntl.LOCK_EX|fcntl.LOCK_NB); print('free')\n"
                  + "except OSError: print('held')\n",
              lock().toString())
          .redirectErrorStream(true)
          .start();
      assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo("held");
      FileFacts facts = FileFacts.of(lock());
      assertThat(facts.mode() & 0170000).as("a regular file").isEqualTo(0100000);
      assertThat(facts.permissions() & 077).as("mode 0600 or narrower").isZero();
    }
  }

  @Test
  void symlinkAtTheLockName_isNeitherFollowedNorTouched_startRefused_2_5_1() throws Exception {
    Path canary = canary();
    FileFacts canaryBefore = FileFacts.of(canary);
    Files.createSymbolicLink(lock(), canary);
    FileFacts linkBefore = FileFacts.of(lock());
    assertRefusedWith(Reason.PERMISSION_DENIED, sock().toString(), lock().toString());
    assertThat(FileFacts.of(canary)).as("the link's target is never opened for writing, locked or changed").isEqualTo(canaryBefore);
    assertThat(Files.readString(canary)).isEqualTo("canary\n");
    assertThat(FileFacts.of(lock())).as("the link itself is left alone").isEqualTo(linkBefore);
    assertThat(Files.readSymbolicLink(lock())).isEqualTo(canary);
    assertThat(DirectoryEntries.names(dir)).containsExactlyInAnyOrder("canary", LOCK);
  }

  @Test
  void danglingSymlinkAtTheLockName_createsNothingThroughIt_2_5_1() throws Exception {
    Path target = dir.resolve("would-be-created");
    Files.createSymbolicLink(lock(), target);
    assertRefusedWith(Reason.PERMISSION_DENIED, lock().toString());
    assertThat(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("O_CREAT never follows the link").isFalse();
  }

  @Test
  void fifoDirectoryHardLinkOrForeignContentAtTheLockName_areLeftAlone_2_6_2() throws Exception {
    Files.createDirectory(lock());
    assertRefusedWith(Reason.PERMISSION_DENIED, lock().toString(), "directory");
    Files.delete(lock());

    assertThat(new ProcessBuilder("mkfifo", lock().toString()).start().waitFor()).isZero();
    FileFacts fifo = FileFacts.of(lock());
    assertRefusedWith(Reason.PERMISSION_DENIED, lock().toString());
    assertThat(FileFacts.of(lock())).isEqualTo(fifo);
    Files.delete(lock());

    Path canary = canary();
    FileFacts canaryBefore = FileFacts.of(canary);
    Files.createLink(lock(), canary); // the same inode under the lock's name: nlink 2
    assertRefusedWith(Reason.PERMISSION_DENIED, lock().toString(), "hard links");
    assertThat(Files.readString(canary)).isEqualTo("canary\n");
    assertThat(FileFacts.of(canary).mtimeNanos()).isEqualTo(canaryBefore.mtimeNanos());
    Files.delete(lock());

    Files.writeString(lock(), "an operator's notes\n");
    Files.setPosixFilePermissions(lock(), PosixFilePermissions.fromString("rw-------"));
    assertRefusedWith(Reason.PERMISSION_DENIED, lock().toString(), "lock record");
    assertThat(Files.readString(lock())).as("not truncated, not rewritten").isEqualTo("an operator's notes\n");
    assertThat(FileFacts.orNull(sock())).isNull();
  }

  @Test
  void anotherUsersFileAtTheLockName_isLeftAlone_2_6_2() throws Exception {
    assumeTrue(isRoot(), "needs root to give the file to another uid");
    Files.writeString(lock(), "");
    Files.setAttribute(lock(), "unix:uid", 65534);
    Files.setPosixFilePermissions(lock(), PosixFilePermissions.fromString("rw-------"));
    FileFacts before = FileFacts.of(lock());
    assertRefusedWith(Reason.PERMISSION_DENIED, lock().toString(), "uid 65534");
    assertThat(FileFacts.of(lock())).isEqualTo(before);
  }

  @Test
  void privateDirectoryRecordedByAKilledStart_isRemovedByTheNextStart_3_5_2() throws Exception {
    Path leftover = Files.createDirectory(dir.resolve(".cab12"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    SocketPeers.makeStale(leftover.resolve("s"));
    Files.writeString(lock(), ".cab12\n");
    Files.setPosixFilePermissions(lock(), PosixFilePermissions.fromString("rw-------"));
    try (CtlsockServer server = TestServers.start(sock())) {
      assertThat(DirectoryEntries.names(dir)).as("the dead start's directory is gone").containsExactlyInAnyOrder("ctl.sock", LOCK);
      assertThat(Files.size(lock())).as("and its record cleared").isZero();
    }
    assertThat(DirectoryEntries.names(dir)).containsExactly(LOCK);
  }

  @Test
  void recordedNameThatIsNotADeadStartsDirectory_isLeftAlone_2_3_4() throws Exception {
    // A link to a directory holding an 's', planted at the recorded name: not followed, not removed.
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path victim = Files.writeString(elsewhere.resolve("s"), "victim\n");
    Files.createSymbolicLink(dir.resolve(".clink"), elsewhere);
    // A directory with more than a socket in it: not provably a dead start's.
    Path full = Files.createDirectory(dir.resolve(".cfull"));
    Files.writeString(full.resolve("keep"), "keep\n");
    for (String recorded : List.of(".clink", ".cfull")) {
      Files.writeString(lock(), recorded + "\n");
      Files.setPosixFilePermissions(lock(), PosixFilePermissions.fromString("rw-------"));
      try (CtlsockServer server = TestServers.start(sock())) {
        assertThat(answer(sock())).isEqualTo(200);
      }
    }
    assertThat(Files.readSymbolicLink(dir.resolve(".clink"))).isEqualTo(elsewhere);
    assertThat(Files.readString(victim)).isEqualTo("victim\n");
    assertThat(Files.readString(full.resolve("keep"))).isEqualTo("keep\n");
    assertThat(DirectoryEntries.names(dir)).containsExactlyInAnyOrder(LOCK, "elsewhere", ".clink", ".cfull");
  }

  @Test
  void serversStartedAtOnceInOneJvm_exactlyOneServes_theOthersAreInUse_2_6_1() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      int rounds = Integer.getInteger("ctlsock.server.rounds", 30);
      for (int round = 0; round < rounds; round++) {
        Path roundDir = Files.createDirectory(dir.resolve("r" + round));
        Path socket = roundDir.resolve("ctl.sock");
        boolean stale = round % 2 == 1;
        if (stale) {
          SocketPeers.makeStale(socket);
        }
        int count = 2 + round % 3 / 2; // pairs and triples
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CtlsockServer>> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          starts.add(pool.submit(() -> {
            go.await();
            CtlsockServer server = TestServers.conformance(socket).build();
            try {
              server.start();
              return server;
            } catch (StartupException e) {
              assertThat(e.reason()).as("a refused start: %s", e.getMessage()).isEqualTo(Reason.IN_USE);
              server.close();
              return null;
            }
          }));
        }
        go.countDown();
        List<CtlsockServer> serving = new ArrayList<>();
        for (Future<CtlsockServer> start : starts) {
          CtlsockServer s = start.get(60, TimeUnit.SECONDS);
          if (s != null) {
            serving.add(s);
          }
        }
        String context = "round " + round + ": " + count + " servers on " + (stale ? "a stale socket" : "an empty path");
        assertThat(serving).as(context + ": exactly one serves").hasSize(1);
        assertThat(answer(socket)).as(context).isEqualTo(200);
        serving.get(0).close();
        assertThat(DirectoryEntries.names(roundDir)).as(context + ": after the stop").isEqualTo(Set.of(LOCK));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
