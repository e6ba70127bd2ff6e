package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.filesystem.KitDatagramSocket;
import org.ctlsock.conformance.filesystem.KitListener;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.filesystem.NonSocketFile;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.filesystem.StaleSocketFile;
import org.ctlsock.conformance.filesystem.TreeSnapshot;
import org.ctlsock.conformance.lifecycle.StartupFailure;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spec 2.2: what the server does with what is already at the path — nothing, a stale socket, a live
 * socket, or anything else — and that it never destroys or takes over what is not its own.
 */
@ConformanceTest
class Section2_2_ExistingPathTest {

    @Test
    @Clause("2.2.1")
    void createsItsSocketWhereNothingIs(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target on a path of its choosing");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("control-socket");
            assertThat(PathSnapshot.of(socket).exists()).as("nothing at %s before the start", socket).isFalse();
            ServerProcess p = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            PathSnapshot s = PathSnapshot.of(socket);
            target.evidence().note("stat: " + s);
            assertThat(s.isSocket()).as("a socket at the path (stat: %s)", s).isTrue();
            assertEchoAnswered(target, socket);
            p.stop();
        }
    }

    @Test
    @Clause("2.2.2")
    void replacesAStaleSocket(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target on a stale socket");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            PathSnapshot stale = StaleSocketFile.create(socket);
            target.evidence().note("made a stale socket (connect refused): " + stale);
            ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket));
            p.awaitReady();
            PathSnapshot now = PathSnapshot.of(socket);
            target.evidence().note("stat after the start: " + now);
            assertThat(now.isSocket()).as("a socket at the path after the start (stat: %s)", now).isTrue();
            assertEchoAnswered(target, socket);
            p.stop();
        }
    }

    @Test
    @Clause("2.2.3")
    void doesNotTakeOverAnotherInstanceOfItself(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target twice on one path");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            ServerProcess first = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            PathSnapshot live = PathSnapshot.of(socket);
            target.evidence().note("first instance (pid " + first.process().pid() + ") live at: " + live);
            ServerProcess second = target.launch(LaunchOptions.defaults().socketPath(socket));
            StartupFailure.Refusal refusal = StartupFailure.awaitRefusal(target, second, socket, live);
            PathSnapshot after = PathSnapshot.of(socket);
            target.evidence().note("stat after the second instance's attempt: " + after);
            assertThat(after.differencesFrom(live)).as("changes to the live server's socket (Expected: none; "
                    + "before: %s; after: %s)", live, after).isEmpty();
            assertThat(refusal.exitCode().isPresent()).as("the second instance refuses to start on a live socket; "
                    + "Expected: it exits (non-zero). Actual: %s", refusal.stillRunningWords()).isTrue();
            assertThat(refusal.exitCode().getAsInt()).as("exit status of the second instance").isNotZero();
            assertThat(first.process().isAlive()).as("the first instance is still running").isTrue();
            assertEchoAnswered(target, socket);
        }
    }

    @Test
    @Clause("2.2.3")
    void doesNotTakeOverAnotherServersSocket(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target on a live socket of the kit's");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755);
                KitListener other = KitListener.listen(scratch.resolve("ctl.sock"))) {
            Path socket = other.path();
            assertRefusedLeavingItAlone(target, socket, "another server (the kit) listens at",
                    "the other server's socket", "a live socket");
            int acceptedBefore = other.accepted();
            try (RawConnection c = target.connect(socket, "the other server, after the target's attempt")) {
                HttpResponse r = c.exchange(Request.get("/"));
                assertThat(r.bodyText()).as("the other server still answers on its socket").isEqualTo(KitListener.BODY);
            }
            assertThat(other.accepted()).as("connections the other server accepted").isGreaterThan(acceptedBefore);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = NonSocketFile.class, names = {"REGULAR_FILE", "DIRECTORY", "SYMLINK_TO_FILE",
            "SYMLINK_TO_LIVE_SOCKET", "DANGLING_SYMLINK", "FIFO"})
    @Clause("2.2.4")
    void refusesAndLeavesItExactlyAsItWas(NonSocketFile kind, TargetSession target) throws Exception {
        target.requireLaunchMode("this case starts the target on a path that holds something else");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            AutoCloseable planted;
            try {
                planted = kind.plant(scratch, socket);
            } catch (IllegalStateException e) {
                throw new NotApplicable("cannot create " + kind.words() + " on this system: " + e.getMessage());
            }
            try (AutoCloseable ignored = planted) {
                TreeSnapshot before = TreeSnapshot.of(scratch.path());
                PathSnapshot plantedSnapshot = PathSnapshot.of(socket);
                target.evidence().note("planted " + kind.words() + ": " + plantedSnapshot);
                ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket));
                StartupFailure.Refusal refusal = StartupFailure.awaitRefusal(target, p, socket, plantedSnapshot);
                TreeSnapshot after = TreeSnapshot.of(scratch.path());
                target.evidence().note("stat of the path after the attempt: " + PathSnapshot.of(socket));
                target.evidence().note("directory before:\n" + before + "directory after:\n" + after);
                assertThat(ServerLockFile.allowedIn(after, socket, KitIdentity.uid()).differencesFrom(before))
                        .as("what changed at and around the path, which holds %s (Expected: nothing but, at most, the "
                        + "lock file %s of 2.6.2)", kind.words(), ServerLockFile.nameFor(socket)).isEmpty();
                assertThat(refusal.exitCode().isPresent()).as("the target refuses to start on %s; Expected: it exits "
                        + "(non-zero). Actual: %s", kind.words(), refusal.stillRunningWords()).isTrue();
                assertThat(refusal.exitCode().getAsInt()).as("exit status").isNotZero();
                if (planted instanceof KitListener live) {
                    try (RawConnection c = target.connect(live.path(), "the socket the link points to")) {
                        assertThat(c.exchange(Request.get("/")).bodyText())
                                .as("the live socket behind the link still answers").isEqualTo(KitListener.BODY);
                    }
                }
            }
        }
    }

    /**
     * A datagram socket the kit holds open at the path: a stream connect gets {@code EPROTOTYPE}, which does
     * not show the socket stale, so the target must refuse and leave it (a dead datagram socket would answer
     * {@code ECONNREFUSED} and be stale like any other).
     */
    @Test
    @Clause("2.2.5")
    void leavesALiveSocketOfAnotherType(TargetSession target) {
        target.requireLaunchMode("this case starts the target on a live datagram socket of the kit's");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755);
                KitDatagramSocket other = KitDatagramSocket.bind(scratch.resolve("ctl.sock"))) {
            assertRefusedLeavingItAlone(target, other.path(), "the kit holds a datagram socket at",
                    "the live datagram socket at the path", "a live socket of another type");
        }
    }

    /**
     * Starts the target on {@code socket}, which something live holds, and checks that it refuses (exits
     * non-zero) and leaves the entry exactly as it was.
     */
    private static void assertRefusedLeavingItAlone(TargetSession target, Path socket, String holder, String entry,
            String situation) {
        PathSnapshot live = PathSnapshot.of(socket);
        target.evidence().note(holder + ": " + live);
        ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket));
        StartupFailure.Refusal refusal = StartupFailure.awaitRefusal(target, p, socket, live);
        PathSnapshot after = PathSnapshot.of(socket);
        target.evidence().note("stat after the target's attempt: " + after + "\n" + p.process().stderrTail());
        assertThat(after.differencesFrom(live)).as("changes to %s (Expected: none; before: %s; after: %s)", entry,
                live, after).isEmpty();
        assertThat(refusal.exitCode().isPresent()).as("the target refuses to start on %s; Expected: it exits "
                + "(non-zero). Actual: %s", situation, refusal.stillRunningWords()).isTrue();
        assertThat(refusal.exitCode().getAsInt()).as("exit status").isNotZero();
    }

    private static void assertEchoAnswered(TargetSession target, Path socket) throws IOException {
        try (RawConnection c = target.connect(socket, "request on " + socket)) {
            HttpResponse r = c.exchange(target.servingRequest(Request.post("/echo", "[\"at the path\"]")));
            target.assertServing(r, "a request on " + socket);
            if (!target.claims(org.ctlsock.conformance.implementation.Capability.COMMANDS)) {
                return; // the socket profile (8.5): an answer is all a target without the commands can show
            }
            assertThat(JsonValues.sameValue(JsonValues.parse(r.body()), JsonValues.parse("[\"at the path\"]")))
                    .as("POST /echo [\"at the path\"] is answered with its arguments; body: %s", r.bodyText()).isTrue();
        }
    }
}
