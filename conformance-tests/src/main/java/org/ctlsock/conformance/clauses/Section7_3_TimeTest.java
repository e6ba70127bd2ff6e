package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.wire.DeadlineStep;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/** Spec 7.3: idle and read timeouts, and many idle or slow connections never locking others out. */
@ConformanceTest
class Section7_3_TimeTest {
    /** The longest default the spec recommends for either timeout (clause 7.3.1). */
    private static final Duration LONGEST_RECOMMENDED = Duration.ofMinutes(5);
    private static final int HELD = 256;

    /**
     * Why 7.3.1 is N/A by default: checking it means waiting out the target's own timeouts. The spec
     * recommends defaults of up to 5 minutes and gives a kit no option word to shorten them (8.4.1 has
     * none for limits), so the only target-independent check is to wait up to 5 minutes, twice — far
     * beyond the kit's one-minute budget. With {@code --long-waits} ({@code -Dctlsock.longWaits=true}) the
     * kit does wait: an
     * idle connection must be closed, and a request that stops half-way must get 408 or a close, each
     * within 5 minutes (scaled by {@code ctlsock.timeoutScale}) plus the usual "within" deadline.
     */
    private static Duration requireLongWaits(TargetSession target) {
        if (!target.settings().longWaits()) {
            throw new NotApplicable("checking the idle and read timeouts means waiting out the target's defaults, "
                    + "which the spec recommends be up to 5 minutes and no option word can shorten; run with --long-waits "
                    + "(Maven: -Dctlsock.longWaits=true) to wait (up to about 5 minutes per case)");
        }
        double scale = target.timeouts().within().toMillis() / 10_000.0;
        return Duration.ofMillis(Math.round(LONGEST_RECOMMENDED.toMillis() * scale)).plus(target.timeouts().within());
    }

    @Test
    @Clause("7.3.1")
    void closesAnIdleConnection(TargetSession target) throws IOException {
        Duration limit = requireLongWaits(target);
        try (RawConnection c = target.connect("idle after one request")) {
            HttpResponse r = c.exchange(Request.get("/echo"));
            assertThat(r.status()).as("status of GET /echo before going idle").isEqualTo(200);
            long start = System.nanoTime();
            boolean closed = c.awaitClose(limit);
            c.log().note("waited " + (System.nanoTime() - start) / 1_000_000 + " ms for the close");
            assertThat(closed).as("the server closed a connection idle for %d s (5 minutes is the longest "
                    + "recommended default idle timeout)", limit.toSeconds()).isTrue();
        }
    }

    @Test
    @Clause("7.3.1")
    void answers408ToARequestThatStopsHalfWay(TargetSession target) throws IOException {
        Duration limit = requireLongWaits(target);
        try (RawConnection c = target.connect("request head sent half-way")) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
            long start = System.nanoTime();
            byte[] got = c.unsolicitedBytes(limit);
            c.log().note("waited " + (System.nanoTime() - start) / 1_000_000 + " ms");
            String text = new String(got, StandardCharsets.ISO_8859_1);
            assertThat(c.isPeerClosed() || text.startsWith("HTTP/1.1 408") || text.startsWith("HTTP/1.0 408"))
                    .as("the server answered 408 or closed a request that stopped arriving, within %d s; it sent "
                            + "\"%s\"", limit.toSeconds(), text).isTrue();
        }
    }

    private static java.util.function.Supplier<String> open(AtomicInteger opened) {
        return () -> opened.get() + " connections were open";
    }

    /**
     * 256 connections that never send anything and 256 that sent part of a request a few bytes at a
     * time stay open while a new client connects and is answered. Opening connections runs under the
     * "within" deadline: a server that stops accepting makes connect(2) block, which is the failure.
     */
    @Test
    @Clause("7.3.2")
    void answersANewClientWhileHolding256IdleAnd256SlowConnections(TargetSession target)
            throws IOException {
        target.socket(); // start the shared instance outside the deadline
        Duration within = target.timeouts().within();
        AtomicInteger opened = new AtomicInteger();
        // Filled by the worker thread, closed by this one (also when the worker is stuck in connect).
        List<RawConnection> held = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            DeadlineStep.run("opening " + HELD + " idle connections", within, open(opened), () -> {
                for (int i = 1; i <= HELD; i++) {
                    held.add(target.connect("idle " + i));
                    opened.incrementAndGet();
                }
                return null;
            });
            List<RawConnection> slow = new ArrayList<>();
            DeadlineStep.run("opening " + HELD + " slow connections and sending them the start of a request",
                    within, open(opened), () -> {
                for (int i = 1; i <= HELD; i++) {
                    RawConnection c = target.connect("slow " + i);
                    held.add(c);
                    slow.add(c);
                    opened.incrementAndGet();
                }
                // A few bytes per connection per round, round-robin: each request arrives piece by piece.
                for (String piece : List.of("P", "OS", "T /ec", "ho HTTP/1.", "1\r\nHo")) {
                    for (RawConnection c : slow) {
                        c.send(piece);
                    }
                }
                return null;
            });
            HttpResponse r = DeadlineStep.run("a new client connecting and being answered", within, open(opened), () -> {
                try (RawConnection c = target.connect("the new client")) {
                    return c.exchange(Request.get("/echo"));
                }
            });
            assertThat(r.status()).as("status of GET /echo from a new client while %d idle and %d slow connections "
                    + "are open", HELD, HELD).isEqualTo(200);
            assertThat(r.bodyText()).as("body of GET /echo").isEqualTo("[]");
        } finally {
            List<RawConnection> all;
            synchronized (held) {
                all = new ArrayList<>(held);
            }
            for (RawConnection c : all) {
                c.close();
            }
        }
    }
}
