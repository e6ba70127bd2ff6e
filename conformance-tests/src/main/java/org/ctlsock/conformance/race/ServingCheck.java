package org.ctlsock.conformance.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/** "A client reaches {@code expected} at the path": the peer of a connection to it is that instance, and it answers. */
public final class ServingCheck {
    private ServingCheck() {
    }

    public static void assertServedBy(TargetSession target, Path socket, ServerProcess expected,
            List<ServerProcess> candidates, String round) throws IOException {
        try (RawConnection c = target.connect(socket, round + ": a client of the path")) {
            long peer = c.peerPid();
            Optional<ServerProcess> owner = Survivor.owning(peer, candidates);
            target.evidence().note(round + ": the path's peer (SO_PEERCRED) is pid " + peer + ", "
                    + owner.map(o -> "instance pid " + o.process().pid()).orElse("none of the instances started"));
            assertThat(owner.map(p -> p.process().pid()).orElse(-1L)).as("%s: the instance that owns the socket at the "
                    + "path (SO_PEERCRED pid %d) (Expected: the running instance pid %d)", round, peer,
                    expected.process().pid()).isEqualTo(expected.process().pid());
            HttpResponse r = c.exchange(target.servingRequest(Request.post("/echo", "[\"survivor\"]").connectionClose()));
            target.assertServing(r, round + ": a request on the path");
        }
    }
}
