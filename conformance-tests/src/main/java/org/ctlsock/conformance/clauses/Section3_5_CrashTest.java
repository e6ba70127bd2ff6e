package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MUST;

import java.io.IOException;
import java.nio.file.Path;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.TreeSnapshot;
import org.ctlsock.conformance.target.LaunchOptions;
import org.ctlsock.conformance.target.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Spec 3.5.1: after SIGKILL, at most the socket is left, and the next server on the path starts. */
@ConformanceTest
class Section3_5_CrashTest {

    @Test
    @Clause(id = "3.5.1", level = MUST)
    @Tag("clause-3.5.1") @Tag("MUST")
    void must_3_5_1_nextServerStartsAfterASigkill(TargetSession target) throws IOException {
        target.requireLaunchMode("this case kills a target instance of its own");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            ServerProcess first = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            first.kill();
            TreeSnapshot left = TreeSnapshot.of(scratch.path());
            target.evidence().note("killed the first instance (pid " + first.pid() + ") with SIGKILL; left behind:\n"
                    + left);
            assertThat(left.without(java.util.Set.of("ctl.sock")).entries().keySet())
                    .as("what the killed server left besides its socket (Expected: nothing)").isEmpty();
            ServerProcess second = target.launch(LaunchOptions.defaults().socketPath(socket));
            second.awaitReady();
            PathSnapshot now = PathSnapshot.of(socket);
            target.evidence().note("the second instance is ready: " + now);
            try (RawConnection c = target.connect(socket, "request to the second instance")) {
                HttpResponse r = c.exchange(Request.post("/echo", "[\"after the crash\"]"));
                assertThat(r.status()).as("status of a request to the server started after the crash").isEqualTo(200);
            }
            second.stop();
        }
    }
}
