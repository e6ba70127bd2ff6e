package org.ctlsock.conformance.race;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.WireLog;

/**
 * Which of several instances owns the socket a connection reached: the one whose process is the peer
 * of {@code SO_PEERCRED} or one of its ancestors (a target may run under a wrapper such as a shell
 * script or strace, whose child is the process that listens).
 */
public final class Survivor {
    private Survivor() {
    }

    public static Optional<ServerProcess> owning(long peerPid, List<ServerProcess> candidates) {
        Optional<ProcessHandle> h = ProcessHandle.of(peerPid);
        for (int depth = 0; h.isPresent() && depth < 8; depth++) {
            long pid = h.get().pid();
            Optional<ServerProcess> owner = candidates.stream().filter(p -> p.process().pid() == pid).findFirst();
            if (owner.isPresent()) {
                return owner;
            }
            h = h.get().parent();
        }
        return Optional.empty();
    }

    /**
     * Waits until {@code p} exits or owns the socket at {@code socket} (as the peer of a connection to it),
     * polling, for at most {@code limit}; true when it serves there.
     */
    public static boolean awaitServingOrExit(ServerProcess p, Path socket, Duration limit, Duration within) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end && p.process().isAlive()) {
            // The pid of the process listening on the socket now (SO_PEERCRED); none while nothing accepts.
            try (RawConnection c = RawConnection.open(socket, new WireLog("who listens on " + socket + "?"), within)) {
                if (owning(c.peerPid(), List.of(p)).isPresent()) {
                    return true;
                }
            } catch (IOException e) {
                // nothing accepts there (yet)
            }
            p.awaitExit(Duration.ofMillis(10));
        }
        return false;
    }
}
