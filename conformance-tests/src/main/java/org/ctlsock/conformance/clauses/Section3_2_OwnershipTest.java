package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.KitListener;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.lifecycle.PathReplacement;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spec 3.2.1: while it runs, the server neither touches its socket path nor recreates or removes what
 * someone else put there. (What it does at shutdown is 3.4.2.)
 */
@ConformanceTest
class Section3_2_OwnershipTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = PathReplacement.class, names = {"REMOVED", "OTHER_SERVER"})
    @Clause("3.2.1")
    void leavesAReplacedPathAloneWhileRunning(PathReplacement replacement, TargetSession target)
            throws Exception {
        target.requireLaunchMode("this case changes the socket path under a target instance of its own");
        try (ScratchDirectory scratch = ScratchDirectory.create(0755)) {
            Path socket = scratch.resolve("ctl.sock");
            ServerProcess p = target.launchReady(LaunchOptions.defaults().socketPath(socket));
            target.evidence().note("the target's socket: " + PathSnapshot.of(socket));
            try (AutoCloseable resource = replacement.apply(target, scratch, socket)) {
                PathSnapshot replaced = PathSnapshot.of(socket);
                target.evidence().note(replacement.words() + ": " + replaced);
                // Watch for something that must not happen: the server recreating or removing the path.
                p.awaitExit(target.timeouts().during());
                PathSnapshot after = PathSnapshot.of(socket);
                target.evidence().note("stat after watching for " + target.timeouts().during().toMillis() + " ms: "
                        + after);
                assertThat(after.differencesFrom(replaced)).as("what the running target did to the path after %s "
                        + "(Expected: nothing; before: %s; after: %s)", replacement.words(), replaced, after)
                        .isEmpty();
                if (resource instanceof KitListener other) {
                    try (RawConnection c = target.connect(socket, "the other server")) {
                        HttpResponse r = c.exchange(Request.get("/"));
                        assertThat(r.bodyText()).as("the other server still answers at the path")
                                .isEqualTo(KitListener.BODY);
                    }
                }
            }
            p.stop();
        }
    }
}
