package org.ctlsock.conformance.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * Waits for readiness at a path the case chose (an absolute path for a target started in another working
 * directory, where {@link ServerProcess#awaitReady()} would look in the wrong place): the path is a socket
 * and {@code GET /echo} on it is answered 200 (spec 8.2, 2.4.1; without the command set, {@code GET /} answered at
 * all, spec 8.5). Polls as {@link ServerProcess#awaitReady()} does, with its deadline and its messages (which name
 * the path), so an exit ends the wait at once.
 */
public final class SocketReadiness {
    private SocketReadiness() {
    }

    public static void await(TargetSession target, ServerProcess p, Path socket) {
        p.awaitReady(" at " + socket, false, last -> {
            PathSnapshot now = PathSnapshot.of(socket);
            if (!now.isSocket()) {
                return now.exists() ? "the path holds " + now : last;
            }
            try (RawConnection c = target.connect(socket, "readiness probe")) {
                Request probe = target.servingRequest(Request.get("/echo").connectionClose());
                HttpResponse r = c.exchange(probe);
                // Without the command set (spec 8.5) any answer shows the target ready.
                return r.status() == 200 || !target.claims(Capability.COMMANDS) ? null
                        : probe.method() + " " + probe.target() + " was answered " + r.status();
            } catch (IOException | AssertionError e) {
                return "the socket exists but a request was not answered: " + e.getMessage();
            }
        });
    }
}
