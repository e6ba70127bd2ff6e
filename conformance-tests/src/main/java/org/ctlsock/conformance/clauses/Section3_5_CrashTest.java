package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.filesystem.TreeSnapshot;
import org.ctlsock.conformance.race.RaceRounds;
import org.ctlsock.conformance.race.StraceDelay;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/**
 * Spec 3.5: after SIGKILL, at most the socket and the lock file are left, and the next server on the path starts
 * (3.5.1); whatever else killed starts created is gone once the next one has run (3.5.2).
 */
@ConformanceTest
class Section3_5_CrashTest {

    @Test
    @Clause("3.5.1")
    void nextServerStartsAfterASigkill(TargetSession target) throws IOException {
        target.requireLaunchMode("this case kills a target instance of its own");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            ServerProcess first = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            first.process().kill();
            TreeSnapshot left = TreeSnapshot.of(scratch.path());
            target.evidence().note("killed the first instance (pid " + first.process().pid()
                    + ") with SIGKILL; left behind:\n" + left);
            assertThat(ServerLockFile.leftBesides(left, socket, KitIdentity.uid(), Set.of("ctl.sock")).keySet())
                    .as("what the killed server left besides its socket and its lock file (Expected: nothing)")
                    .isEmpty();
            ServerProcess second = target.launch(LaunchOptions.defaults().socketPath(socket));
            second.awaitReady();
            PathSnapshot now = PathSnapshot.of(socket);
            target.evidence().note("the second instance is ready: " + now);
            try (RawConnection c = target.connect(socket, "request to the second instance")) {
                HttpResponse r = c.exchange(target.servingRequest(Request.post("/echo", "[\"after the crash\"]")));
                target.assertServing(r, "a request to the server started after the crash");
            }
            second.stop();
        }
    }

    /**
     * SIGKILLs spread over the start-up time (measured first), then one normal start and a clean stop:
     * what the killed starts created must be gone, all but the lock file.
     */
    @Test
    @Clause("3.5.2")
    void killsDuringStartUpLeaveNothingAfterTheNextStart(TargetSession target) throws IOException {
        target.requireLaunchMode("this case kills target instances of its own while they start");
        int kills = Math.max(6, RaceRounds.rounds(target.settings()));
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            long t0 = System.nanoTime();
            ServerProcess probe = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            long startupMillis = Math.max(20, (System.nanoTime() - t0) / 1_000_000);
            probe.stop();
            probe.close();
            StringBuilder log = new StringBuilder();
            for (int i = 0; i < kills; i++) {
                // Spread over 0 .. 1.2 x the measured start-up: the experiment's variable, not a synchronisation.
                long at = startupMillis * 12 * i / (10L * kills);
                ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket));
                OptionalInt early = p.awaitExit(Duration.ofMillis(at));
                p.process().kill();
                log.append("  kill ").append(i + 1).append(" at ").append(at).append(" ms: ")
                        .append(early.isPresent() ? "had exited " + early.getAsInt() : "killed").append(", left: ")
                        .append(names(scratch.path())).append('\n');
                p.close();
            }
            if (StraceDelay.available()) {
                killInsideWidenedWindow(target, scratch.path(), socket, log);
            } else {
                log.append("  (strace is not installed: no kill inside a widened window, only the timed ones)\n");
            }
            target.evidence().note("start-up took " + startupMillis + " ms; " + kills + " SIGKILLs spread over it, "
                    + "and one in a widened window:\n" + log);
            ServerProcess last = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            TreeSnapshot running = TreeSnapshot.of(scratch.path());
            org.ctlsock.process.StopResult stopped = last.stop();
            TreeSnapshot after = TreeSnapshot.of(scratch.path());
            target.evidence().note("while the next start ran:\n" + running + "after its clean stop (exit "
                    + stopped.exitCode() + "):\n" + after);
            assertThat(ServerLockFile.leftBesides(after, socket, KitIdentity.uid(), Set.of()).keySet())
                    .as("what is left after %d SIGKILLs during start-up, one start and a clean stop (Expected: "
                    + "nothing but the lock file %s)", kills, ServerLockFile.nameFor(socket)).isEmpty();
        }
    }

    /**
     * The natural window between creating a private entry and removing it may be microseconds, which no
     * timed kill hits; so one start runs under strace with a delay before it places its socket
     * (rename/link), and is SIGKILLed as soon as it created anything besides its lock file. N/A without
     * strace.
     */
    private static void killInsideWidenedWindow(TargetSession target, Path dir, Path socket, StringBuilder log)
            throws IOException {
        List<String> slow = StraceDelay.wrapper("rename,renameat,renameat2,link,linkat", Duration.ofSeconds(2));
        Set<String> before = Set.copyOf(names(dir));
        ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket).traced(slow));
        long end = System.nanoTime() + target.timeouts().within().multipliedBy(3).toNanos();
        List<String> now = names(dir);
        while (System.nanoTime() < end && p.process().isAlive() && !createdSomething(before, now, socket)) {
            p.awaitExit(Duration.ofMillis(2));
            now = names(dir);
        }
        ProcessHandle server = p.serverHandle();
        server.destroyForcibly();
        p.process().kill();
        log.append("  kill under strace (2 s before each rename/link): killed pid ").append(server.pid())
                .append(" once the directory held ").append(now).append(", left: ").append(names(dir)).append('\n');
        p.close();
    }

    private static boolean createdSomething(Set<String> before, List<String> now, Path socket) {
        return now.stream().anyMatch(n -> !before.contains(n) && !n.equals(ServerLockFile.nameFor(socket)));
    }

    private static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
