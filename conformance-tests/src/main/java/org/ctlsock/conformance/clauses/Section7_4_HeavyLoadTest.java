package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.load.KeepAliveClients;
import org.ctlsock.conformance.load.SleepInProgress;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.vectors.VectorCheck;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.ProtocolViolation;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.ctlsock.conformance.wire.WireLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Spec 7.4, 7.3.2 and 3.4.1 under heavy load: hundreds of keep-alive clients at once, long commands on
 * some connections, and a SIGTERM in the middle of it all. Nothing here measures speed: the checks are
 * counts (zero errors, zero non-2xx) and orderings (which answers came before which), and the only
 * time limits are the kit's "must happen within" deadlines.
 *
 * <p>Over 20 s on a 2-core machine (three server starts, about 8000 requests), so Maven runs it only with
 * {@code -Pload}; the standalone kit always runs it.
 */
@ConformanceTest
@Isolated("hundreds of keep-alive clients: the machine to itself, or a slow correct server misses a deadline")
class Section7_4_HeavyLoadTest {
    private static final int CLIENTS = 256;
    private static final int REQUESTS_EACH = 20;
    /** The longest sleep 8.1.6 allows: the margin by which the load must beat the sleeps. */
    private static final long LONG_SLEEP_MS = 60_000;
    private static final int SLEEPERS = 4;

    /** Deadline for a whole load run: each request may take the "within" deadline, the run a few of them. */
    private static Duration runLimit(TargetSession target) {
        return target.timeouts().within().multipliedBy(6);
    }

    @Test
    @Clause("7.4.2")
    void holds256KeepAliveClientsForTwentyRequestsEach(TargetSession target, Evidence evidence)
            throws IOException {
        // All 256 connect before any sends, so the server holds them all at once (7.3.2, 7.4.2).
        Path socket = target.socket();
        try (KeepAliveClients clients = KeepAliveClients.connect(socket, CLIENTS,
                target.timeouts().within())) {
            KeepAliveClients.Result result = clients.run(REQUESTS_EACH, runLimit(target));
            evidence.note(result.summary());
            assertThat(result.errors()).as("errors or non-2xx answers (%s)", result.details()).isEmpty();
            assertThat(result.ok()).as("requests answered 200 with their own arguments")
                    .isEqualTo((long) CLIENTS * REQUESTS_EACH);
        }
        VectorCheck.checkStillServing(target, socket);
    }

    /**
     * Four connections each have a {@code sleep} of a minute in progress (the server has read them);
     * then 64 keep-alive clients send 20 requests each. All of them are answered while every sleep is
     * still pending: proved by order (the sleeps' answers have not come when the last echo has), not by
     * a time bound. A server that ran commands one at a time would leave the echoes waiting.
     */
    @Test
    @Clause("7.4.1")
    void longCommandsOnSomeConnectionsDoNotDelayTheLoadOnOthers(TargetSession target,
            Evidence evidence) throws IOException {
        ServerProcess p = target.launchReady(LaunchOptions.defaults());
        List<SleepInProgress> sleeps = new ArrayList<>();
        List<RawConnection> sleepers = new ArrayList<>();
        try {
            for (int i = 0; i < SLEEPERS; i++) {
                RawConnection c = target.connect(p.socket(), "sleeper " + i + ": sleep " + LONG_SLEEP_MS + " ms");
                sleepers.add(c);
                sleeps.add(SleepInProgress.send(c, LONG_SLEEP_MS));
            }
            try (KeepAliveClients clients = KeepAliveClients.connect(p.socket(), 64, target.timeouts().within())) {
                KeepAliveClients.Result result = clients.run(REQUESTS_EACH, runLimit(target));
                evidence.note(result.summary() + " while " + SLEEPERS + " sleeps of " + LONG_SLEEP_MS
                        + " ms were in progress");
                assertThat(result.errors()).as("errors or non-2xx answers while the sleeps ran (%s)",
                        result.details()).isEmpty();
            }
            for (int i = 0; i < sleeps.size(); i++) {
                assertThat(sleeps.get(i).stillPending()).as("sleeper %d's sleep(%d) is still pending after all "
                        + "the echoes were answered (if it had been answered first, the echoes waited for it)", i,
                        LONG_SLEEP_MS).isTrue();
            }
        } finally {
            for (RawConnection c : sleepers) {
                c.close();
            }
            // The sleeps would hold a graceful stop for a minute; this instance has served its purpose.
            p.process().kill();
        }
    }

    /**
     * SIGTERM while 256 keep-alive clients are connected, 16 of them sending requests in a loop and 8
     * with a {@code sleep} in progress: the sleeps are answered, every answer any client got is a
     * complete 2xx (the rest see a clean close or a refused connection), new connections are refused
     * once the signal has been taken, and the server exits 0 with its socket file gone.
     */
    @Test
    @Clause("3.4.1")
    void gracefulShutdownUnderLoad(TargetSession target, Evidence evidence) throws Exception {
        target.requireCommands("its clients send echo and sleep and check their answers");
        ServerProcess p = target.launchReady(LaunchOptions.defaults());
        Path socket = p.socket();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        AtomicLong answered = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (KeepAliveClients idle = KeepAliveClients.connect(socket, CLIENTS - 24, target.timeouts().within())) {
            KeepAliveClients.Result warmUp = idle.run(1, runLimit(target));
            assertThat(warmUp.errors()).as("the idle clients' first request (%s)", warmUp.details()).isEmpty();
            CountDownLatch looping = new CountDownLatch(16);
            for (int i = 0; i < 16; i++) {
                int client = i;
                pool.execute(() -> loop(socket, client, target, looping, stop, answered, errors));
            }
            assertThat(looping.await(target.timeouts().within().toMillis(), TimeUnit.MILLISECONDS))
                    .as("the 16 looping clients each got a first answer").isTrue();
            List<SleepInProgress> inFlight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                inFlight.add(SleepInProgress.send(target.connect(socket, "in flight " + i + ": sleep 2000 ms"), 2000));
            }
            evidence.note("SIGTERM with " + (CLIENTS - 24) + " idle clients, 16 looping clients ("
                    + answered.get() + " answers so far) and 8 sleeps in progress");
            p.process().terminate();

            // 3.4.1 "stops accepting connections": a new connection is refused once the signal is taken.
            boolean refused = awaitRefused(socket, target, p);
            assertThat(refused).as("a new connection was refused after SIGTERM (the server stopped accepting)")
                    .isTrue();
            for (int i = 0; i < inFlight.size(); i++) {
                Optional<HttpResponse> r = inFlight.get(i).answer();
                assertThat(r.map(x -> x.status() + " " + x.bodyText()))
                        .as("the answer to sleep #%d, in progress at SIGTERM", i).contains("200 Success");
            }
            OptionalInt exit = p.awaitExit(target.timeouts().grace());
            assertThat(exit).as("exit status after SIGTERM (within the kit's grace period)").hasValue(0);
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(target.timeouts().within().toMillis(), TimeUnit.MILLISECONDS))
                    .as("the looping clients ended").isTrue();
            evidence.note("the looping clients got " + answered.get() + " complete 200 answers in all");
            assertThat(errors).as("answers that were not a complete 2xx, during the load and the shutdown").isEmpty();
            assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).as("the socket file exists after the exit")
                    .isFalse();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /**
     * One client sending {@code POST /echo} on a keep-alive connection until the server ends it. An
     * answer must be a complete 200 with its own arguments; the end must be a close (or a refused
     * connect or a failed send), never a partial or malformed answer.
     */
    private static void loop(Path socket, int client, TargetSession target, CountDownLatch first,
            AtomicBoolean stop, AtomicLong answered, List<String> errors) {
        WireLog log = new WireLog("looping client " + client);
        boolean counted = false;
        try (RawConnection c = RawConnection.open(socket, log, target.timeouts().within())) {
            for (int n = 0; !stop.get(); n++) {
                String args = "[" + client + "," + n + "]";
                try {
                    c.send(Request.post("/echo", args));
                } catch (IOException closed) {
                    return; // the server closed this connection: fine after SIGTERM
                }
                Optional<HttpResponse> r = c.readOrClose(false);
                if (r.isEmpty()) {
                    return;
                }
                if (r.get().status() != 200 || !r.get().bodyText().replace(" ", "").equals(args)) {
                    errors.add("looping client " + client + ": " + r.get().status() + " " + r.get().bodyText()
                            + " for " + args + "\n" + log.render());
                    return;
                }
                answered.incrementAndGet();
                if (!counted) {
                    counted = true;
                    first.countDown();
                }
            }
        } catch (ProtocolViolation e) {
            errors.add("looping client " + client + ": a partial or malformed answer: " + e.getMessage() + "\n"
                    + log.render());
        } catch (IOException e) {
            if (!counted) {
                errors.add("looping client " + client + " could not start: " + e);
            }
        } finally {
            if (!counted) {
                first.countDown();
            }
        }
    }

    /** Polls with new connections until one is refused (or the path is gone); false if none was by the deadline. */
    private static boolean awaitRefused(Path socket, TargetSession target, ServerProcess p) {
        long deadline = System.nanoTime() + target.timeouts().within().toNanos();
        while (System.nanoTime() < deadline) {
            try (RawConnection c = RawConnection.open(socket, new WireLog("probe after SIGTERM"),
                    target.timeouts().within())) {
                // Accepted (the signal not taken yet, or queued in the backlog): try again.
                p.awaitExit(Duration.ofMillis(5));
            } catch (IOException refused) {
                return true;
            }
        }
        return false;
    }
}
