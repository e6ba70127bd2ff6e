package org.ctlsock.conformance.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.ctlsock.conformance.wire.WireLog;

/**
 * "Afterwards a new client is answered" (spec 7.5): once a flood is over, the server may still be
 * busy for a moment letting go of it (a 503 or a refused connect then is fine), so a new connection is
 * tried again and again until one is answered 200 or the deadline passes.
 */
public final class FreshClient {
    private FreshClient() {
    }

    /** The tries, for the evidence; empty {@code answered} when none got 200 by the deadline. */
    public record Result(Optional<HttpResponse> answered, List<String> tries) {
        public String lastTries() {
            return tries.subList(Math.max(0, tries.size() - 3), tries.size()).toString();
        }
    }

    public static Result await(ServerProcess p, Path socket, Duration deadline, Duration within) {
        List<String> tries = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        do {
            try (RawConnection c = RawConnection.open(socket, new WireLog("fresh client"), within)) {
                c.send(Request.get("/nothing").connectionClose());
                Optional<HttpResponse> r = c.readOrClose();
                tries.add(r.map(x -> Integer.toString(x.status())).orElse("closed without an answer"));
                if (r.isPresent() && r.get().status() == 200) {
                    return new Result(r, tries);
                }
            } catch (IOException | AssertionError e) {
                tries.add(e.toString());
            }
            // Waits for the target's exit: a pause between tries that also ends when it crashed.
        } while (p.awaitExit(Duration.ofMillis(20)).isEmpty() && System.nanoTime() < end);
        return new Result(Optional.empty(), tries);
    }
}
