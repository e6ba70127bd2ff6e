package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.FileType;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.SunPathLimit;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.lifecycle.FailedStart;
import org.ctlsock.conformance.lifecycle.StartupFailure;
import org.ctlsock.conformance.lifecycle.StartupObstacle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spec 3.3: a server that cannot start says why on standard error, naming the path, and its exit status
 * tells the reason. Each obstacle is started once per run (see {@link FailedStart}).
 */
@ConformanceTest
class Section3_3_StartupErrorsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = StartupObstacle.class, names = {"PATH_TOO_LONG", "DIRECTORY_MISSING", "LIVE_SOCKET", "LIVE_DATAGRAM_SOCKET",
            "REGULAR_FILE", "DIRECTORY", "GROUP_UNKNOWN"})
    @Clause("3.3.1")
    void stderrNamesThePathAndWhy(StartupObstacle why, TargetSession target) throws Exception {
        FailedStart start = FailedStart.of(target, why);
        start.exitStatusOrNotApplicable();
        Optional<String> line = StartupFailure.lineNaming(start.stderr(), start.socketPath());
        assertThat(line).as("a line of standard error that names the socket path %s and says why (%s); standard "
                + "error was:%n%s", start.socketPath(), why.words(), start.stderr()).isPresent();
    }

    /**
     * A usage error's line names the offending word; the socket path may be named or not (either reading is
     * allowed: the reference server leaves it out, the Python, Node.js and Go fixtures put it in, so every
     * self-check run sees a server of each reading pass this case).
     */
    @Test
    @Clause("3.3.1")
    void usageErrorLineNamesTheUnknownOption(TargetSession target) throws Exception {
        FailedStart start = FailedStart.of(target, StartupObstacle.USAGE_UNKNOWN_OPTION);
        start.exitStatusOrNotApplicable();
        String option = StartupObstacle.UNKNOWN_OPTION;
        Optional<String> line = StartupFailure.lineNaming(start.stderr(), option);
        assertThat(line).as("a line of standard error that names the unknown option %s and says what is wrong "
                + "(with or without the socket path); standard error was:%n%s", option, start.stderr()).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StartupObstacle.class)
    @Clause("3.3.2")
    void exitStatusTellsTheReason(StartupObstacle why, TargetSession target) throws Exception {
        FailedStart start = FailedStart.of(target, why);
        if (why.decidedBy().equals("3.3.2")) {
            // An empty path or a missing directory is this table's "bad path", and no other clause asks whether
            // a server may start anyway (on a default path or a TCP port, say): a start is this clause's departure.
            assertThat(start.exitCode()).as("the target given %s (Expected: a refusal with status %d, the table of "
                    + "3.3.2; Actual: it started, %s)", why.words(), why.recommendedExit(), start.stillRunning())
                    .isPresent();
        }
        int code = start.exitStatusOrNotApplicable();
        assertThat(code).as("exit status for %s (the table of 3.3.2)", why.words()).isEqualTo(why.recommendedExit());
    }

    @Test
    @Clause("3.3.3")
    void refusesAnUnknownOptionWithoutCreatingTheSocket(TargetSession target) throws Exception {
        FailedStart start = FailedStart.of(target, StartupObstacle.USAGE_UNKNOWN_OPTION);
        assertThat(start.exitCode()).as("the target exits when given an unknown option (Expected: an exit, "
                + "non-zero; Actual: %s)", start.stillRunning()).isPresent();
        assertThat(start.exitCode().getAsInt()).as("exit status for an unknown option").isNotZero();
        assertThat(start.after().entries().values().stream().filter(e -> e.type() == FileType.SOCKET).toList())
                .as("sockets in the directory after the attempt (Expected: none)").isEmpty();
        assertThat(start.after().differencesFrom(start.before())).as("what the attempt left in the directory")
                .isEmpty();
    }

    /**
     * An unknown option and a socket path over the sun_path limit: the command line is read first, so 2
     * (usage) and not 3 (bad path).
     */
    @Test
    @Clause("3.3.4")
    void usageErrorIsReportedBeforeABadPath(TargetSession target) {
        int code = exitWithATooLongPath(target, List.of("--ctlsock-no-such-option"), "an unknown option");
        assertThat(code).as("exit status for an unknown option together with a socket path over the sun_path "
                + "limit (Expected: 2, usage, which 3.3.4 puts first)").isEqualTo(2);
    }

    /**
     * An unknown group and a path over the limit: 3 (bad path) and 7 (group) are both allowed (3.3.4). The
     * reference server takes the first reading, the Python, Node.js and Go fixtures the second, so every
     * self-check run sees a server of each reading pass this case.
     */
    @Test
    @Clause("3.3.2")
    void eitherCodeForAnUnknownGroupAndATooLongPath(TargetSession target) {
        target.requireCapability(Capability.GROUP);
        int code = exitWithATooLongPath(target, List.of("--group", "ctlsock-no-such-group"), "an unknown group");
        assertThat(code).as("exit status for an unknown group together with a socket path over the sun_path "
                + "limit (Expected: 3 or 7, either order is allowed by 3.3.4)").isIn(3, 7);
    }

    /** Starts with {@code options} and a socket path one byte over the sun_path limit; its exit status (it must exit). */
    private static int exitWithATooLongPath(TargetSession target, List<String> options, String what) {
        target.requireLaunchMode("this case starts the target where it cannot start");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.pathOfLength(SunPathLimit.bytes() + 1);
            ServerProcess p = target.launch(LaunchOptions.defaults().options(options).socketPath(socket));
            StartupFailure.Refusal refusal = StartupFailure.awaitRefusal(target, p, socket, PathSnapshot.of(socket));
            assertThat(refusal.exitCode()).as("Expected: the target exits when given %s and a socket path of %d "
                    + "bytes%nActual:   %s", what, SunPathLimit.bytes() + 1, refusal.stillRunningWords()).isPresent();
            return refusal.exitCode().getAsInt();
        }
    }
}
