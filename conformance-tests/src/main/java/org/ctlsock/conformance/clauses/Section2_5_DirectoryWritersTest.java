package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.HostileNeighbour;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.access.TestUsers;
import org.ctlsock.conformance.filesystem.FileType;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.lifecycle.StartupFailure;
import org.ctlsock.conformance.race.RaceRounds;
import org.ctlsock.conformance.race.SharedDirectory;
import org.ctlsock.conformance.race.StraceDelay;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.WireLog;
import org.ctlsock.process.Directories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spec 2.5: another user who can write the socket's directory cannot make the server change, write or
 * remove anything but its own entries (2.5.1); a server may refuse such a directory with exit 8, but
 * not a sticky one (2.5.2).
 *
 * <p>The other user is real: a process under setpriv as uid {@value #OTHER_UID} swaps every new entry
 * in the directory for a symbolic link to a canary file (root's 0600, and another user's 0600), and a
 * new directory for a link to a directory of its own, where it does the same. The canaries must never
 * change. Rounds: {@code -Dctlsock.race.rounds} over the three layouts, at least 2 each ({@code -Prace}:
 * 50, so 17 each); every second round also plants a link at {@code <socket>.lock} before the start, and every
 * other round holds the target's path-based mode and owner changes back (see {@link #PATH_CHANGES}) for a multiple
 * of the time the neighbour takes to swap an entry, measured just before (see {@link #holdFor}); in every other
 * held round (the first included) the neighbour swaps files only, not directories.
 */
@ConformanceTest
class Section2_5_DirectoryWritersTest {
    private static final int OTHER_UID = 61003;
    /**
     * The path-based mode and owner changes are held back in every odd round (strace), so that the neighbour has
     * swapped the new socket for its link before a server that changes the socket by its path does so: a server
     * that chmods after bind then follows the link every time, not only when the scheduler lets the neighbour in
     * first.
     */
    private static final String PATH_CHANGES = StraceDelay.PATH_MODE_AND_OWNER_CHANGES;
    /**
     * The hold is {@value #HOLD_PER_REACTION} times the neighbour's reaction to a probe entry (it is a JVM of its own
     * and can take over a second under load), within these bounds: a slow machine must not make the case take
     * minutes.
     */
    private static final Duration HOLD_AT_LEAST = Duration.ofSeconds(1);
    private static final Duration HOLD_AT_MOST = Duration.ofSeconds(10);
    private static final int HOLD_PER_REACTION = 4;
    /** The exit status of a server that refuses a directory others can write (2.5.2). */
    private static final int REFUSED = 8;

    @ParameterizedTest(name = "{0}")
    @EnumSource(SharedDirectory.class)
    @Clause("2.5.1")
    void followsNothingAnotherUserPlanted(SharedDirectory layout, TargetSession target)
            throws IOException {
        target.requireLaunchMode("this case starts the target where another user interferes");
        KitIdentity.requireRootAndSetpriv("a hostile neighbour under another uid");
        int rounds = RaceRounds.perVariant(target.settings(), SharedDirectory.values().length);   // the layouts share the rounds
        try (ScratchDirectory tree = ScratchDirectory.create(0755)) {
            Path canaries = tree.directory("canaries", 0755, 0, 0);
            Path rootCanary = canary(canaries.resolve("root-only"), "root's secret\n", 0, 0);
            Path otherCanary = canary(canaries.resolve("someone-elses"), "another user's secret\n",
                    TestUsers.ALLOWED.uid(), TestUsers.ALLOWED.gid());
            PathSnapshot rootBefore = PathSnapshot.of(rootCanary);
            PathSnapshot otherBefore = PathSnapshot.of(otherCanary);
            Path dir = tree.directory("shared", layout.mode(), layout.uid(), layout.gid());
            Path lair = tree.directory("lair", 0755, TestUsers.OTHER.uid(), TestUsers.OTHER.gid());
            Path socket = dir.resolve("ctl.sock");
            List<String> words = target.claims(Capability.MODE) ? List.of("--mode", "0666") : List.of();
            target.evidence().note("directory " + PathSnapshot.of(dir) + "; canaries:\n  " + rootBefore + "\n  "
                    + otherBefore + "\noptions " + words + ", umask 022");
            List<String> outcomes = new ArrayList<>();
            try (HostileNeighbour neighbour = HostileNeighbour.start(TestUsers.OTHER, dir, lair, rootCanary,
                    otherCanary, target.timeouts().within())) {
                try {
                    for (int round = 1; round <= rounds; round++) {
                        boolean heldBack = round % 2 == 1 && StraceDelay.available();
                        // Every other held round the neighbour leaves directories alone: a server that places its
                        // socket through a private directory gets that far, however fast the neighbour is, and a
                        // path-based chmod after that follows the swapped socket.
                        boolean filesOnly = heldBack && round % 4 == 1;
                        neighbour.swapDirectories(!filesOnly, target.timeouts().within());
                        Duration reaction = heldBack ? neighbourReaction(neighbour, dir.resolve("kit-probe-" + round))
                                : Duration.ZERO;   // before the clearing: it leaves the probe and maybe the link
                        Duration hold = holdFor(reaction);
                        clear(dir);
                        clear(lair);
                        if (round % 2 == 0) {
                            plantAsOther(ServerLockFile.pathFor(socket), round % 4 == 0 ? otherCanary : rootCanary);
                        }
                        LaunchOptions options = LaunchOptions.defaults().socketPath(socket).umask("022").options(words);
                        if (heldBack) {
                            options = options.traced(StraceDelay.wrapper(PATH_CHANGES, hold));
                        }
                        ServerProcess p = target.launch(options);
                        String outcome = settle(p, dir, lair, target);
                        p.stop();
                        String reacted = reaction.compareTo(HOLD_AT_MOST) < 0 ? "after " + reaction.toMillis() + " ms"
                                : "not within " + HOLD_AT_MOST.toMillis() + " ms";
                        outcomes.add("round " + round + (round % 2 == 0 ? " (link planted at the lock file)" : "")
                                + (heldBack ? " (the neighbour reacted to a probe " + reacted + ": under strace, "
                                + hold.toMillis() + " ms before each " + PATH_CHANGES + ")" : "")
                                + (filesOnly ? " (the neighbour left directories alone)" : "")
                                + ": " + outcome + ", exit " + p.process().exitValueText()
                                + (outcome.equals("did not start") ? " (" + lastLine(p.process().stderrTail()) + ")"
                                        : ""));
                        List<String> harm = new ArrayList<>();
                        harm.addAll(PathSnapshot.of(rootCanary).differencesFrom(rootBefore));
                        harm.addAll(PathSnapshot.of(otherCanary).differencesFrom(otherBefore));
                        if (!harm.isEmpty()) {
                            target.evidence().note(String.join("\n", outcomes) + "\nwhat the neighbour did:\n"
                                    + neighbour.logTail(30) + "\n" + p.outputTails());
                        }
                        assertThat(harm).as("round %d of %d in a directory %s: changes to the canary files the other "
                                + "user's links point to (Expected: none; before: %s, %s; after: %s, %s)", round,
                                rounds, layout, rootBefore, otherBefore, PathSnapshot.of(rootCanary),
                                PathSnapshot.of(otherCanary)).isEmpty();
                        p.close();
                    }
                } finally {
                    target.evidence().note(String.join("\n", outcomes) + "\nwhat the neighbour did (tail):\n"
                            + neighbour.logTail(12));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SharedDirectory.class)
    @Clause("2.5.2")
    void refusesOnlyAnUnstickyDirectoryOthersCanWriteAndSaysWhy(SharedDirectory layout,
            TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target in a directory others can write");
        KitIdentity.requireRootAndSetpriv("a directory owned by another uid");
        try (ScratchDirectory tree = ScratchDirectory.create(0755)) {
            Path dir = tree.directory("shared", layout.mode(), layout.uid(), layout.gid());
            Path socket = dir.resolve("ctl.sock");
            ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket));
            StartupFailure.Refusal r = StartupFailure.awaitRefusalUnlessServing(target, p);
            target.evidence().note("directory " + PathSnapshot.of(dir) + ": "
                    + (r.exitCode().isPresent() ? "exit " + r.exitCode().getAsInt() : "started (" + r.stillRunningWords()
                    + ")") + "\n" + p.process().stderrTail());
            if (layout.mustNotBeRefused()) {
                assertThat(r.exitCode()).as("exit status in a sticky directory (%s) (Expected: it starts; a sticky "
                        + "directory must not be refused)\n%s", layout, p.process().stderrTail()).isEmpty();
                assertThat(p.answers()).as("the target answers on %s", socket).isTrue();
            } else if (r.exitCode().isPresent() && r.exitCode().getAsInt() == REFUSED) {
                assertThat(p.process().stderr()).as("the refusal's message names the directory %s", dir)
                        .contains(dir.toString());
            }
            p.stop();
        }
    }

    /** Waits until the start settled (it exited, or one of its sockets answers), then watches for harm a while. */
    private static String settle(ServerProcess p, Path dir, Path lair, TargetSession target) throws IOException {
        long end = System.nanoTime() + target.timeouts().within().multipliedBy(3).toNanos();
        String where = null;
        while (System.nanoTime() < end && p.process().isAlive() && where == null) {
            where = answeringSocket(dir, lair, target);
            if (where == null) {
                p.awaitExit(Duration.ofMillis(5));
            }
        }
        // A watch for what must not happen: a careless server may still chmod or write through a link.
        OptionalInt code = p.awaitExit(target.timeouts().during());
        if (code.isPresent()) {
            return where == null ? "did not start" : "served at " + where + ", then exited";
        }
        return where == null ? "still starting at the deadline" : "serves at " + where;
    }

    private static String answeringSocket(Path dir, Path lair, TargetSession target) throws IOException {
        for (Path d : List.of(dir, lair)) {
            List<Path> entries;
            try (Stream<Path> s = Files.list(d)) {
                entries = s.toList();
            }
            for (Path e : entries) {
                FileType type;
                try {
                    type = PathSnapshot.of(e).type();
                } catch (UncheckedIOException changedWhileLooking) {
                    continue;   // the neighbour swapped it between lstat and read: not a socket that answers now
                }
                if (type == FileType.SOCKET) {
                    try (RawConnection c = RawConnection.open(e, new WireLog("is " + e + " served?"),
                            target.timeouts().within())) {
                        return e.getFileName().toString();
                    } catch (IOException refused) {
                        // not (yet) listening
                    }
                }
            }
        }
        return null;
    }

    /**
     * How long the neighbour takes now to react to a new entry: the kit creates the file {@code probe} and waits
     * until it is a link or the neighbour's log names it ({@link #HOLD_AT_MOST} at the most); in a sticky directory
     * the neighbour cannot move the kit's file and logs that. The caller clears the probe's directory after.
     */
    private static Duration neighbourReaction(HostileNeighbour neighbour, Path probe) throws IOException {
        long begin = System.nanoTime();
        Files.createFile(probe);
        while (!Files.isSymbolicLink(probe) && !neighbour.logTail(20).contains(probe + " ")
                && System.nanoTime() - begin < HOLD_AT_MOST.toNanos()) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** {@link #HOLD_PER_REACTION} times the neighbour's reaction, within {@link #HOLD_AT_LEAST} and the most. */
    private static Duration holdFor(Duration reaction) {
        return Duration.ofMillis(Math.min(HOLD_AT_MOST.toMillis(),
                Math.max(HOLD_AT_LEAST.toMillis(), reaction.multipliedBy(HOLD_PER_REACTION).toMillis())));
    }

    private static String lastLine(String text) {
        String t = text.strip();
        return t.isEmpty() ? "no stderr" : t.substring(t.lastIndexOf('\n') + 1);
    }

    private static Path canary(Path p, String content, int uid, int gid) throws IOException {
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        ScratchDirectory.setMode(p, 0600);
        return p;
    }

    /** Removes everything in {@code d} (links not followed), leaving {@code d} itself. */
    private static void clear(Path d) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(d)) {
            entries = s.toList();
        }
        entries.forEach(Directories::deleteTree);
    }

    /** A symbolic link made by the other user (its owner matters to fs.protected_symlinks). */
    private static void plantAsOther(Path link, Path to) {
        List<String> cmd = new ArrayList<>(TestUsers.OTHER.setprivWords());
        cmd.addAll(List.of("ln", "-s", to.toString(), link.toString()));
        try {
            Process ln = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!ln.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || ln.exitValue() != 0) {
                ln.destroyForcibly();
                throw new IllegalStateException("cannot plant " + link + " as uid " + OTHER_UID + ": "
                        + new String(ln.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ln as uid " + OTHER_UID, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
