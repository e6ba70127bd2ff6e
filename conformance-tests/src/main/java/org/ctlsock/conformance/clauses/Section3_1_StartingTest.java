package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.lifecycle.FailedStart;
import org.ctlsock.conformance.lifecycle.StartupObstacle;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Spec 3.1: a started server keeps running; one that cannot start leaves nothing behind. */
@ConformanceTest
class Section3_1_StartingTest {

    @Test
    @Clause("3.1.1")
    void keepsRunningAfterRequestsAndDisconnects(TargetSession target) throws IOException {
        target.requireLaunchMode("this case watches a target instance of its own");
        // Standard input is /dev/null (the harness), so it is empty from the start.
        ServerProcess p = target.launchReady(LaunchOptions.defaults());
        try (RawConnection c = target.connect(p.socket(), "a request, then Connection: close")) {
            target.assertServing(c.exchange(target.servingRequest(Request.get("/echo").connectionClose())),
                    "a request, then Connection: close");
        }
        try (RawConnection c = target.connect(p.socket(), "connect and hang up without a word")) {
            c.log().note("closing without sending anything");
        }
        try (RawConnection c = target.connect(p.socket(), "half a request, then hang up")) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
        }
        try (RawConnection c = target.connect(p.socket(), "a keep-alive request, then hang up")) {
            target.assertServing(c.exchange(target.servingRequest(Request.post("/nothing", "[]"))),
                    "a keep-alive request");
        }
        // Something that must not happen: an exit after the last client went away.
        OptionalInt exited = p.awaitExit(target.timeouts().during());
        assertThat(exited).as("the target's exit status within %d ms after its clients went away (Expected: "
                + "still running)", target.timeouts().during().toMillis()).isEmpty();
        try (RawConnection c = target.connect(p.socket(), "a request after all that")) {
            HttpResponse r = c.exchange(target.servingRequest(Request.post("/echo", "[\"still here\"]")));
            target.assertServing(r, "a request after the earlier clients left");
        }
        assertThat(p.process().isAlive()).as("the target is still running").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StartupObstacle.class)
    @Clause("3.1.2")
    void failedStartLeavesNothingBehind(StartupObstacle why, TargetSession target) throws Exception {
        FailedStart start = FailedStart.of(target, why);
        int code = start.exitStatusOrNotApplicable();
        assertThat(code).as("exit status when the target cannot start (%s)", why.words()).isNotZero();
        assertThat(ServerLockFile.allowedIn(start.after(), Path.of(start.socketPath()), KitIdentity.uid())
                .differencesFrom(start.before())).as("what a failed start (%s) left in the file system (Expected: "
                + "nothing but, at most, the lock file of 2.6.2)", why.words()).isEmpty();
    }
}
