package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.FileType;
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
    @EnumSource(value = StartupObstacle.class, names = {"PATH_TOO_LONG", "DIRECTORY_MISSING", "LIVE_SOCKET",
            "REGULAR_FILE", "DIRECTORY", "GROUP_UNKNOWN"})
    @Clause("3.3.1")
    void stderrNamesThePathAndWhy(StartupObstacle why, TargetSession target) throws Exception {
        FailedStart start = FailedStart.of(target, why);
        start.exitStatusOrNotApplicable();
        Optional<String> line = StartupFailure.lineNaming(start.stderr(), start.socketPath());
        assertThat(line).as("a line of standard error that names the socket path %s and says why (%s); standard "
                + "error was:%n%s", start.socketPath(), why.words(), start.stderr()).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StartupObstacle.class)
    @Clause("3.3.2")
    void exitStatusTellsTheReason(StartupObstacle why, TargetSession target) throws Exception {
        FailedStart start = FailedStart.of(target, why);
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
}
