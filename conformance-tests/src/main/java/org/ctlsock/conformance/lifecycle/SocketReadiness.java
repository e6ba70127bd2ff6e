package org.ctlsock.conformance.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.implementation.TargetNotReady;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * Waits for readiness at a path the case chose (an absolute path for a target started in another working
 * directory, where {@link ServerProcess#awaitReady()} would look in the wrong place): the path is a socket
 * and {@code GET /echo} on it is answered 200 (spec 8.2, 2.4.1; without the command set, {@code GET /} answered at
 * all, spec 8.5). Polls on the process, so an exit ends the
 * wait at once.
 */
public final class SocketReadiness {
    private static final Duration POLL = Duration.ofMillis(10);

    private SocketReadiness() {
    }

    public static void await(TargetSession target, ServerProcess p, Path socket) {
        long deadline = System.nanoTime() + StartupFailure.limit(target).toNanos();
        String last = "the socket path never appeared";
        while (System.nanoTime() < deadline) {
            if (!p.process().isAlive()) {
                throw new TargetNotReady("the target exited with status " + p.process().exitValueText()
                        + " before it was ready at " + socket + "\ncommand: " + p.process().command() + "\n"
                        + p.outputTails());
            }
            PathSnapshot now = PathSnapshot.of(socket);
            if (now.isSocket()) {
                try (RawConnection c = target.connect(socket, "readiness probe")) {
                    Request probe = target.servingRequest(Request.get("/echo").connectionClose());
                    HttpResponse r = c.exchange(probe);
                    // Without the command set (spec 8.5) any answer shows the target ready.
                    if (r.status() == 200 || !target.claims(Capability.COMMANDS)) {
                        return;
                    }
                    last = probe.method() + " " + probe.target() + " was answered " + r.status();
                } catch (IOException | AssertionError e) {
                    last = "the socket exists but a request was not answered: " + e.getMessage();
                }
            } else if (now.exists()) {
                last = "the path holds " + now;
            }
            p.awaitExit(POLL);   // a short wait that ends at once when the target exits
        }
        throw new TargetNotReady("the target was not ready at " + socket + " within "
                + StartupFailure.limit(target).toMillis() + " ms (" + last + ")\ncommand: " + p.process().command()
                + "\n" + p.outputTails());
    }
}
