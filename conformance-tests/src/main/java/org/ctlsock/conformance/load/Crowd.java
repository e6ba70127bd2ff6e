package org.ctlsock.conformance.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.WireLog;

/**
 * Many connections open at once, each sent the same request, and what each got: a status, a close
 * without an answer, or a refused connect (spec 7.5). A connection that gets nothing before the kit's
 * deadline fails the case at once (the read throws {@code ProtocolViolation}): a server under
 * pressure may refuse, never hang. The connections' wire logs stay out of the evidence (hundreds
 * would bury it); the counts go in.
 */
public final class Crowd implements AutoCloseable {
    public static final String CLOSED = "closed without an answer";
    public static final String CONNECT_FAILED = "connect failed";
    /** Closed while the kit was still writing the request: refused before it was read (allowed by 7.5.2). */
    public static final String CUT_OFF = "closed before the whole request was sent";
    /** Requests up to this size fit a Unix socket's send buffer, so writing them never blocks. */
    private static final int WRITE_AT_ONCE = 64 * 1024;
    /** A daemon thread of its own for each larger write or read: a server that stalls never holds up the kit. */
    private static final Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "crowd connection");
        t.setDaemon(true);
        t.start();
    };

    private final List<RawConnection> connections = new ArrayList<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();

    private Crowd() {
    }

    /**
     * Opens {@code count} connections one after another; a failed connect is counted, not thrown. After
     * the first failure the rest are counted as failed without trying: a server whose accept queue is
     * full makes every further connect wait out the kit's deadline.
     */
    public static Crowd connect(Path socket, int count, Duration within) {
        Crowd crowd = new Crowd();
        for (int i = 0; i < count; i++) {
            try {
                crowd.connections.add(RawConnection.open(socket, new WireLog("crowd connection " + i), within));
            } catch (IOException e) {
                crowd.outcomes.merge(CONNECT_FAILED, count - i, Integer::sum);
                break;
            }
        }
        return crowd;
    }

    /**
     * Sends {@code request} on every connection, then takes every answer (or close), in order. A
     * request larger than a socket buffer is written from a helper thread, so that a server that stops
     * reading cannot block the kit (the read's deadline then ends the case, and closing the connection
     * ends the write); a write the server cut short still leaves its answer to be read. All answers must
     * have come within {@code total} (each read also has the kit's own deadline).
     */
    public Crowd exchangeAll(byte[] request, Duration total) {
        long end = System.nanoTime() + total.toNanos();
        // Per connection: whether the whole request went out.
        // A write the server cut short (perhaps after answering) still leaves what it said to be read.
        List<CompletableFuture<Boolean>> sent = connections.stream().map(c -> request.length <= WRITE_AT_ONCE
                ? CompletableFuture.completedFuture(c.sendTolerant(request))
                : CompletableFuture.supplyAsync(() -> c.sendTolerant(request), OWN_THREAD)).toList();
        // An answer larger than a socket buffer stays in the server until the kit reads it. Read one after another,
        // the later answers would wait while the kit reads the earlier ones, and a server whose writes have a
        // deadline (as it may) would cut them off: the kit's slowness, not the server's fault. So the answers to
        // large requests (which the commands echo) are read from the start, each on a thread of its own.
        List<CompletableFuture<Optional<HttpResponse>>> early = connections.stream().map(c -> request.length
                <= WRITE_AT_ONCE ? null : CompletableFuture.supplyAsync(() -> readOrClose(c), OWN_THREAD)).toList();
        for (int i = 0; i < connections.size(); i++) {
            if (System.nanoTime() - end > 0) {
                // A server that answers the crowd one at a time would keep the kit here for minutes.
                throw new AssertionError("Expected: every connection of the crowd answered or closed by the server "
                        + "within " + total.toMillis() + " ms\nActual: connections " + (i + 1) + " to "
                        + connections.size() + " had got nothing by then; the ones before: " + summary());
            }
            Optional<HttpResponse> r;
            try {
                r = early.get(i) == null ? readOrClose(connections.get(i)) : early.get(i).join();
            } catch (AssertionError | CompletionException e) { // the read's deadline passed: say where in the crowd
                Throwable silent = e instanceof CompletionException ? e.getCause() : e;
                if (!(silent instanceof AssertionError)) {
                    throw e;
                }
                throw new AssertionError("Expected: every connection of the crowd answered or closed by the server\n"
                        + "Actual: connection " + (i + 1) + " of " + connections.size() + " got nothing ("
                        + silent.getMessage() + "); the ones before it: " + summary(), silent);
            }
            if (r.isPresent()) {
                count(Integer.toString(r.get().status()));
            } else {
                // A writer ends soon once the connection is closed (its write fails); bounded anyway.
                count(sent.get(i).completeOnTimeout(false, 5, TimeUnit.SECONDS).join() ? CLOSED : CUT_OFF);
            }
        }
        return this;
    }

    /** The connection's answer, or empty when the server closed it (a failed read included). */
    private static Optional<HttpResponse> readOrClose(RawConnection c) {
        try {
            return c.readOrClose();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    public int count(int status) {
        return outcomes.getOrDefault(Integer.toString(status), 0);
    }

    /**
     * Outcomes other than the {@code allowed} statuses, a close before the whole request was sent
     * (refused before it was read), and, when {@code closeAllowed}, closes and refused connects.
     */
    public List<String> outside(Set<Integer> allowed, boolean closeAllowed) {
        return outcomes.entrySet().stream().filter(e -> {
            String outcome = e.getKey();
            boolean isClose = outcome.equals(CLOSED) || outcome.equals(CONNECT_FAILED);
            return !(outcome.equals(CUT_OFF) || (isClose ? closeAllowed : allowed.contains(Integer.parseInt(outcome))));
        }).map(e -> e.getKey() + " x" + e.getValue()).toList();
    }

    public String summary() {
        return outcomes.toString();
    }

    @Override
    public void close() {
        connections.forEach(RawConnection::close);
    }
}
