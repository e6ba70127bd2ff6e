package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.wire.DeadlineStep;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/**
 * Spec 7.4: commands on different connections run concurrently, and at least 64 connections are served
 * at once.
 *
 * <p>Concurrency is shown by order, not by time: a quick request sent after a long {@code sleep} must be
 * answered while the sleep's response has not arrived yet. A server that runs one command at a time
 * answers the sleep first (or makes the quick request wait for it), whatever the machine's speed.
 */
@ConformanceTest
class Section7_4_ConcurrencyTest {
    private static final int AT_ONCE = 64;

    /**
     * How long the sleeps last: long enough that the kit has certainly sent the quick requests before a
     * sleep could end on any machine (it scales with {@code ctlsock.timeoutScale}), short enough to keep
     * the kit fast, and under the "within" deadline so the sleep's own response is still awaited.
     */
    private static long sleepMillis(TargetSession target, double fractionOfWithin, long atLeast) {
        long ms = Math.max(atLeast, Math.round(target.timeouts().within().toMillis() * fractionOfWithin));
        return Math.min(ms, 60_000);
    }

    /**
     * A: {@code sleep} 3000. B (another connection, opened after A's request was sent): three
     * {@code echo}s one after another, each of which must be answered while A is still pending. A
     * serialising server could let at most a first echo slip in before A's already-sent request; three in
     * a row cannot.
     */
    @Test
    @Clause("7.4.1")
    void answersOtherConnectionsWhileACommandRuns(TargetSession target) throws IOException {
        target.socket(); // start the shared instance before the clock starts
        // A's answer before B's echoes proves nothing when the echoes took longer than the sleep (a busy machine):
        // then the round is repeated with a sleep twice as long, up to the "within" deadline.
        for (long sleep = sleepMillis(target, 0.3, 3000); ; sleep *= 2) {
            long tookMillis = oneRoundOfAAndB(target, sleep, sleep * 2 > target.timeouts().within().toMillis());
            if (tookMillis < 0) {
                return;
            }
            target.evidence().note("B's echoes took " + tookMillis + " ms from A's request on, longer than A's sleep of "
                    + sleep + " ms: inconclusive, again with a sleep of " + sleep * 2 + " ms");
        }
    }

    /** One round of the case above: -1 when it passed, else how long an inconclusive round took. */
    private static long oneRoundOfAAndB(TargetSession target, long sleep, boolean last) throws IOException {
        try (RawConnection a = target.connect("A: a long sleep");
                RawConnection b = target.connect("B: quick requests while A's sleep runs")) {
            long start = System.nanoTime();
            a.send(Request.post("/sleep", "[" + sleep + "]"));
            for (int i = 1; i <= 3; i++) {
                HttpResponse r = b.exchange(Request.post("/echo", "[" + i + "]"));
                assertThat(r.status()).as("status of echo #%d on B", i).isEqualTo(200);
                assertThat(r.bodyText()).as("body of echo #%d on B", i).isEqualTo("[" + i + "]");
                // A's state first, the time after: A can only go from pending to answered, so an answer seen here
                // came before the time taken (read the other way round, a busy machine could see an answer that
                // arrived after the time was taken and blame a round that was in fact inconclusive).
                boolean aPending = a.awaitingAnswer();
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                if (!aPending && tookMillis >= sleep && !last) {
                    return tookMillis;
                }
                assertThat(aPending).as("A's sleep(%d) is still pending when echo #%d on B has been answered "
                        + "(if A was answered first, the echo waited for the sleep: commands ran one at a time)",
                        sleep, i).isTrue();
            }
            HttpResponse slept = a.readFinal();
            assertThat(slept.status()).as("status of sleep(%d) on A", sleep).isEqualTo(200);
            assertThat(slept.bodyText()).as("body of sleep on A").isEqualTo("Success");
            return -1;
        }
    }

    /**
     * 63 connections each with a long {@code sleep} in progress, then a 64th with a short one: the 64th
     * must be answered while all 63 are still pending (so 64 connections were served at once), and then
     * all 63 answered. A server with fewer than 64 connections' worth of workers makes the 64th wait for
     * a long sleep to end; one that serialises answers the first sleep first.
     */
    @Test
    @Clause("7.4.2")
    void serves64ConnectionsWithRequestsInProgress(TargetSession target) throws IOException {
        target.socket(); // start the shared instance outside the deadline
        // A sleeper answered early proves nothing when opening the connections took longer than the sleeps (a busy
        // machine): then the round is repeated with sleeps twice as long, up to the "within" deadline.
        for (long sleep = sleepMillis(target, 0.2, 2000); ; sleep *= 2) {
            long tookMillis = oneRoundOf64(target, sleep, sleep * 2 > target.timeouts().within().toMillis());
            if (tookMillis < 0) {
                return;
            }
            target.evidence().note("the round took " + tookMillis + " ms from the first sleeper's request to "
                    + "connection 64's answer, longer than the sleeps of " + sleep + " ms: inconclusive, again with "
                    + "sleeps of " + sleep * 2 + " ms");
        }
    }

    /**
     * One round: -1 when it passed, else (when some sleeper was answered before connection 64, the round took
     * longer than the sleeps, and this is not the last round) how long it took. Fails otherwise.
     */
    private static long oneRoundOf64(TargetSession target, long sleep, boolean lastRound) throws IOException {
        long start = System.nanoTime();
        List<RawConnection> sleepers = Collections.synchronizedList(new ArrayList<>());
        try {
            DeadlineStep.run("opening " + (AT_ONCE - 1) + " connections, each sending sleep(" + sleep + ")",
                    target.timeouts().within(), () -> sleepers.size() + " were open", () -> {
                        for (int i = 1; i < AT_ONCE; i++) {
                            RawConnection c = target.connect("sleeper " + i);
                            sleepers.add(c);
                            c.send(Request.post("/sleep", "[" + sleep + "]"));
                        }
                        return null;
                    });
            HttpResponse last = DeadlineStep.run("connection 64 connecting and being answered",
                    target.timeouts().within(), () -> "no answer yet", () -> {
                        try (RawConnection c = target.connect("connection 64: a short sleep")) {
                            return c.exchange(Request.post("/sleep", "[1]"));
                        }
                    });
            assertThat(last.status()).as("status of sleep(1) on connection 64").isEqualTo(200);
            List<Integer> answeredEarly = new ArrayList<>();
            for (int i = 0; i < sleepers.size(); i++) {
                if (!sleepers.get(i).awaitingAnswer()) {
                    answeredEarly.add(i + 1);
                }
            }
            // The time after the sleepers' state: a sleeper answered while they were being looked at (a busy
            // machine) then makes the round inconclusive, not a failure of a server whose sleeps simply ended.
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            if (!answeredEarly.isEmpty() && tookMillis >= sleep && !lastRound) {
                return tookMillis;
            }
            assertThat(answeredEarly).as("sleepers (of %d, each sleep(%d)) already answered or closed when connection "
                    + "64's request had been answered; all must still be in progress, since a server that serves 64 "
                    + "connections at once answers the short request first", AT_ONCE - 1, sleep).isEmpty();
            for (int i = 0; i < sleepers.size(); i++) {
                HttpResponse r = sleepers.get(i).readFinal();
                assertThat(r.status()).as("status of sleep(%d) on sleeper %d", sleep, i + 1).isEqualTo(200);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).as("body of sleep on sleeper %d", i + 1)
                        .isEqualTo("Success");
            }
            return -1;
        } finally {
            List<RawConnection> all;
            synchronized (sleepers) {
                all = new ArrayList<>(sleepers);
            }
            for (RawConnection c : all) {
                c.close();
            }
        }
    }
}
