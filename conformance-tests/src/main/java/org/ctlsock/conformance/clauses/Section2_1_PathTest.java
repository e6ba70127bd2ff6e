package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.SunPathLimit;
import org.ctlsock.conformance.filesystem.TreeSnapshot;
import org.ctlsock.conformance.lifecycle.SocketReadiness;
import org.ctlsock.conformance.lifecycle.StartupFailure;
import org.ctlsock.conformance.lifecycle.WorkingDirectoryLaunch;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 2.1: the socket path, relative paths, and the length limit. */
@ConformanceTest
class Section2_1_PathTest {

    @Test
    @Clause("2.1.1")
    void relativePathIsResolvedAgainstTheWorkingDirectory(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target in a working directory of its own");
        try (ScratchDirectory cwd = ScratchDirectory.create(0755)) {
            Files.createDirectory(cwd.resolve("sub"));
            Path expected = cwd.resolve("sub/ctl.sock");
            ServerProcess p = target.launch(WorkingDirectoryLaunch.in(cwd.path(), "sub/ctl.sock",
                    LaunchOptions.defaults()));
            target.evidence().note("started in working directory " + cwd + " with the relative socket path "
                    + "sub/ctl.sock; expecting the socket at " + expected);
            SocketReadiness.await(target, p, expected);
            PathSnapshot socket = PathSnapshot.of(expected);
            target.evidence().note("stat: " + socket);
            assertThat(socket.isSocket()).as("a socket at %s, the relative path resolved against the target's "
                    + "working directory (stat: %s)", expected, socket).isTrue();
            try (RawConnection c = target.connect(expected, "request on the resolved path")) {
                HttpResponse r = c.exchange(target.servingRequest(Request.post("/echo", "[\"relative\"]")));
                target.assertServing(r, "a request on " + expected);
            }
            p.stop();
        }
    }

    @ParameterizedTest(name = "a path of limit+{0} bytes")
    @ValueSource(ints = {1})
    @Clause("2.1.2")
    void refusesAnOverLongPathBeforeTouchingAnything(int over, TargetSession target) {
        target.requireLaunchMode("this case starts the target on an over-long path");
        int limit = SunPathLimit.bytes();
        int length = limit + over;
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.pathOfLength(length);
            TreeSnapshot before = TreeSnapshot.of(scratch.path());
            PathSnapshot nothing = PathSnapshot.of(socket);
            ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket));
            target.evidence().note("socket path of " + length + " bytes (limit " + limit + "): " + socket);
            StartupFailure.Refusal refusal = StartupFailure.awaitRefusal(target, p, socket, nothing);
            TreeSnapshot after = TreeSnapshot.of(scratch.path());
            target.evidence().note("stat of the socket path after the attempt: " + PathSnapshot.of(socket));
            target.evidence().note("directory tree before:\n" + before + "directory tree after:\n" + after);
            assertThat(refusal.exitCode().isPresent()).as("the target exits when given a socket path of %d bytes "
                    + "(limit %d); Expected: an exit with a non-zero status. Actual: %s", length, limit,
                    refusal.stillRunningWords()).isTrue();
            assertThat(refusal.exitCode().getAsInt()).as("exit status for a path of %d bytes", length).isNotZero();
            assertThat(after.differencesFrom(before)).as("what the target created, deleted or changed in the "
                    + "directory tree of the path (Expected: nothing)").isEmpty();
            String stderr = p.process().stderr();
            assertThat(stderr).as("standard error names the path").contains(socket.toString());
            String rest = stderr.replace(socket.toString(), " ");
            assertThat(Pattern.compile("\\b" + length + "\\b").matcher(rest).find())
                    .as("standard error gives the path's length in bytes (%d); it was:%n%s", length, stderr)
                    .isTrue();
            assertThat(Pattern.compile("\\b" + limit + "\\b").matcher(rest).find())
                    .as("standard error gives the limit (%d bytes); it was:%n%s", limit, stderr).isTrue();
        }
    }

    @Test
    @Clause("2.1.3")
    void acceptsAPathOf100Bytes(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target on a long path");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.pathOfLength(100);
            target.evidence().note("socket path of " + socket.toString().getBytes(StandardCharsets.UTF_8).length
                    + " bytes: " + socket);
            ServerProcess p = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            PathSnapshot s = PathSnapshot.of(socket);
            target.evidence().note("stat: " + s);
            assertThat(s.isSocket()).as("a socket at the 100-byte path (stat: %s)", s).isTrue();
            try (RawConnection c = target.connect(socket, "request on the 100-byte path")) {
                HttpResponse r = c.exchange(target.servingRequest(Request.get("/echo")));
                target.assertServing(r, "a request on the 100-byte path");
            }
            p.stop();
        }
    }

    /**
     * 2.1.3: a relative path is counted as given. The working directory's absolute path is longer than the limit,
     * the relative path is 8 bytes; the kit reaches the socket through a short symbolic link to the deep directory
     * (the kernel follows it; only the connect string is bounded by sun_path).
     */
    @Test
    @Clause("2.1.3")
    void acceptsAShortRelativePathInADeepDirectory(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target in a deep working directory");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path deep = scratch.path();
            while (deep.toString().getBytes(StandardCharsets.UTF_8).length <= SunPathLimit.bytes() + 10) {
                deep = deep.resolve("d".repeat(30));
            }
            Files.createDirectories(deep);
            Path shortcut = Files.createSymbolicLink(scratch.resolve("l"), deep);
            ServerProcess p = target.launch(WorkingDirectoryLaunch.in(deep, "ctl.sock", LaunchOptions.defaults()));
            target.evidence().note("started in " + deep + " (" + deep.toString().getBytes(StandardCharsets.UTF_8)
                    .length + " bytes) with the relative socket path ctl.sock; the kit connects through " + shortcut);
            Path reachable = shortcut.resolve("ctl.sock");
            SocketReadiness.await(target, p, reachable);
            try (RawConnection c = target.connect(reachable, "request through the short link")) {
                target.assertServing(c.exchange(target.servingRequest(Request.get("/echo"))), "a request on the "
                        + "socket of the 8-byte relative path ctl.sock in a directory of more than " + SunPathLimit.bytes()
                        + " bytes");
            }
            p.stop();
        }
    }

    /**
     * 2.1.3, either reading: a path of limit-3 bytes (101 or more) is served, or refused as 2.1.2 refuses: a
     * non-zero exit with nothing created, deleted or changed. One case covers both; the evidence says which.
     */
    @Test
    @Clause("2.1.3")
    void aPathJustUnderTheLimitIsServedOrRefusedCleanly(TargetSession target) throws IOException {
        target.requireLaunchMode("this case starts the target on a long path");
        int length = SunPathLimit.bytes() - 3;
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.pathOfLength(length);
            TreeSnapshot before = TreeSnapshot.of(scratch.path());
            ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket));
            StartupFailure.Refusal outcome = StartupFailure.awaitRefusalUnlessServing(target, p);
            if (outcome.exitCode().isPresent()) {
                target.evidence().note("reading taken: refused a path of " + length + " bytes, exit "
                        + outcome.exitCode().getAsInt());
                assertThat(outcome.exitCode().getAsInt()).as("exit status when refusing a path of %d bytes", length)
                        .isNotZero();
                assertThat(TreeSnapshot.of(scratch.path()).differencesFrom(before)).as("what the refusing target "
                        + "created, deleted or changed (Expected: nothing, as 2.1.2)").isEmpty();
                assertThat(p.process().stderr()).as("standard error names the path it refused")
                        .contains(socket.toString());
                return;
            }
            target.evidence().note("reading taken: served a path of " + length + " bytes");
            try (RawConnection c = target.connect(socket, "request on the " + length + "-byte path")) {
                target.assertServing(c.exchange(target.servingRequest(Request.get("/echo"))), "a request on the "
                        + length + "-byte path");
            }
            p.stop();
        }
    }
}
