package org.ctlsock.server.socketfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.ctlsock.server.testing.Deadline;
import org.ctlsock.server.testing.DirectoryEntries;
import org.ctlsock.server.testing.FileFacts;
import org.ctlsock.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec 2.5.1, the attack of issue 13: the socket's directory is root's, mode 0777 without the
 * sticky bit (or a directory the attacker owns); a process of another uid watches it with inotify and swaps every new entry for a
 * symbolic link (a new directory for a link to a directory of its own, where it swaps the socket
 * in turn; anything else for a link to a canary). The server, as root, starts and stops again and
 * again with {@code --mode 0666}, with no options, and with {@code --group}; whether a start serves
 * or gives up, the canaries' mode, owner, group, timestamps and content never change.
 */
class HostileNeighbourIT {
  private static final int ATTACKER_UID = 61003;
  private static final int OTHER_UID = 61004;
  private static final int ROUNDS = Integer.getInteger("ctlsock.server.attackRounds", 30);

  @TempDir Path dir;

  @Test
  void anotherUserSwappingEveryNewEntryForALink_inRootsDirectoryOfMode0777_neverGetsACanaryChanged_2_5_1() throws Exception {
    assumeAttackerCanRun();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx")); // no sticky bit
    attack(shared, ROUNDS);
  }

  @Test
  void anotherUserSwappingEveryNewEntryForALink_inADirectoryTheyOwn_neverGetsACanaryChanged_2_5_1() throws Exception {
    assumeAttackerCanRun();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path theirs = Files.createDirectory(dir.resolve("theirs"));
    Files.setAttribute(theirs, "unix:uid", ATTACKER_UID);
    Files.setAttribute(theirs, "unix:gid", ATTACKER_UID);
    Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxr-xr-x"));
    attack(theirs, Math.max(1, ROUNDS / 3));
  }

  private static void assumeAttackerCanRun() throws IOException {
    assumeTrue(isRoot(), "needs root: the server runs as root and the attacker as uid " + ATTACKER_UID);
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux) to run the attacker as another uid");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for the attacker");
  }

  private void attack(Path shared, int rounds) throws Exception {
    Path own = Files.createDirectory(dir.resolve("attacker"));
    Files.setAttribute(own, "unix:uid", ATTACKER_UID);
    Files.setAttribute(own, "unix:gid", ATTACKER_UID);
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path rootCanary = canary("canary-root", 0, "root's secret\n");
    Path otherCanary = canary("canary-other", OTHER_UID, "another user's secret\n");
    FileFacts rootBefore = FileFacts.of(rootCanary);
    FileFacts otherBefore = FileFacts.of(otherCanary);
    Path script = dir.resolve("swap_attacker.py");
    try (InputStream in = HostileNeighbourIT.class.getResourceAsStream("swap_attacker.py")) {
      Files.copy(in, script);
    }
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

    List<List<String>> variants = new ArrayList<>(List.of(List.of("--mode", "0666"), List.of()));
    if (GroupLookup.resolve("users") != null) {
      variants.add(List.of("--mode", "0666", "--group", "users"));
    }
    Process attacker = new ProcessBuilder(
            "setpriv", "--reuid", Integer.toString(ATTACKER_UID), "--regid", Integer.toString(ATTACKER_UID), "--clear-groups",
            "/usr/bin/python3", "-u", script.toString(), shared.toString(), own.toString(), rootCanary.toString(), otherCanary.toString())
        .redirectErrorStream(true)
        .start();
    Queue<String> attackerSaid = new ConcurrentLinkedQueue<>();
    Thread reader = new Thread(() -> readLines(attacker.getInputStream(), attackerSaid), "attacker-output");
    reader.setDaemon(true);
    reader.start();
    List<String> outcomes = new ArrayList<>();
    try {
      assertThat(Deadline.await(Duration.ofSeconds(30), () -> attackerSaid.contains("ready") || !attacker.isAlive()))
          .as("the attacker watches; it said: %s", attackerSaid).isTrue();
      assertThat(attacker.isAlive()).as("the attacker runs; it said: %s", attackerSaid).isTrue();
      for (int round = 0; round < rounds; round++) {
        DirectoryEntries.empty(shared);
        DirectoryEntries.empty(own);
        List<String> options = variants.get(round % variants.size());
        List<String> args = new ArrayList<>(options);
        args.add(shared.resolve("ctl.sock").toString());
        String outcome;
        try (ServerProcess server = ServerProcess.start(dir, args.toArray(String[]::new))) {
          Deadline.await(Duration.ofSeconds(60), () -> !server.isAlive() || server.stderr().contains("serving on"));
          if (server.isAlive()) {
            server.signal("TERM");
            int status = server.awaitExit();
            outcome = "served, then exit " + status;
            assertThat(status).as("round %d %s: a serving server stops cleanly; stderr: %s", round, options, server.stderr()).isZero();
          } else {
            outcome = "gave up: exit " + server.awaitExit() + ": " + server.stderr().strip();
          }
        }
        outcomes.add("round " + round + " " + options + ": " + outcome);
        String evidence = String.join("\n", outcomes) + "\nattacker: " + attackerSaid.size() + " lines, last: " + last(attackerSaid);
        assertThat(FileFacts.of(rootCanary)).as("root's canary unchanged (mode, owner, group, mtime, size)\n%s", evidence).isEqualTo(rootBefore);
        assertThat(Files.readString(rootCanary)).as(evidence).isEqualTo("root's secret\n");
        assertThat(FileFacts.of(otherCanary)).as("another user's canary unchanged\n%s", evidence).isEqualTo(otherBefore);
        assertThat(Files.readString(otherCanary)).as(evidence).isEqualTo("another user's secret\n");
      }
      long swaps = attackerSaid.stream().filter(l -> l.startsWith("swapped")).count();
      System.out.println("2.5.1 hostile neighbour in " + shared + ": " + rounds + " starts, " + swaps + " swaps\n" + String.join("\n", outcomes));
      assertThat(swaps).as("the attacker really attacked (else this test proves nothing)\n%s", String.join("\n", outcomes)).isGreaterThanOrEqualTo(rounds);
      assertThat(attacker.isAlive()).as("the attacker ran throughout").isTrue();
    } finally {
      attacker.destroyForcibly();
      attacker.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Path canary(String name, int uid, String content) throws IOException {
    Path canary = Files.writeString(dir.resolve(name), content);
    Files.setAttribute(canary, "unix:uid", uid);
    Files.setAttribute(canary, "unix:gid", uid);
    Files.setPosixFilePermissions(canary, PosixFilePermissions.fromString("rw-------"));
    return canary;
  }

  private static void readLines(InputStream in, Queue<String> into) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        into.add(line);
      }
    } catch (IOException e) {
      into.add("(output unreadable: " + e + ")");
    }
  }

  private static String last(Queue<String> lines) {
    String last = "";
    for (String l : lines) {
      last = l;
    }
    return last;
  }

  private static boolean isRoot() throws IOException {
    return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
  }
}
