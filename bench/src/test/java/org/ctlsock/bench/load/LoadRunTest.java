package org.ctlsock.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ctlsock.bench.http.HttpRequestTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Short real runs against a scripted server: what the generator counts, not how fast anything is. */
class LoadRunTest {

    private static LoadSpec spec(Path socket, boolean keepAlive, Duration timeout) {
        return new LoadSpec(socket, 4, Duration.ofMillis(100), Duration.ofMillis(400), keepAlive,
                HttpRequestTemplate.of("GET", "/echo", null, List.of(), !keepAlive), timeout);
    }

    /** Every way the generator can drive its clients. */
    private static Engine engine(String name) {
        return name.equals("nio") ? new EventLoopEngine(2) : BlockingEngine.named(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "junixsocket", "nio"})
    void countsStatusesAndReconnectsWhenTheServerCloses(String engineName, @TempDir Path dir) throws Exception {
        try (ScriptedServer server = new ScriptedServer(dir.resolve("s.sock"), false)) {
            LoadResult r = new LoadRun(spec(server.socket, true, Duration.ofSeconds(5)), engine(engineName), null).run();

            assertThat(r.errorCount()).as("errors: %s", java.util.Arrays.asList(r.firstErrorMessages())).isZero();
            assertThat(r.responses()).isPositive().isEqualTo(r.statuses()[200] + r.statuses()[503]);
            assertThat(r.non2xx()).isEqualTo(r.statuses()[503]);
            // One answer in three is a 503; per-client interleaving makes the share approximate.
            assertThat((double) r.non2xx() / r.responses()).isBetween(0.25, 0.42);
            // The server closes every connection after 5 answers: the clients reconnect, not fail.
            assertThat(r.connectionsOpened()).isGreaterThanOrEqualTo(r.responses() / 5 - 4);
            assertThat(r.latencies().valueAtPercentile(50)).isPositive();
            assertThat(server.answered()).as("the server answered at least what was counted").isGreaterThanOrEqualTo(r.responses());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "nio"})
    void connectionPerRequestOpensOneConnectionPerResponse(String engineName, @TempDir Path dir) throws Exception {
        try (ScriptedServer server = new ScriptedServer(dir.resolve("s.sock"), false)) {
            LoadResult r = new LoadRun(spec(server.socket, false, Duration.ofSeconds(5)), engine(engineName), null).run();
            assertThat(r.errorCount()).isZero();
            assertThat(r.responses()).isPositive();
            // One connection per response, give or take the 4 clients' requests that straddle the
            // measurement's start (connected before it) or its end (connected, never answered).
            assertThat(r.connectionsOpened()).isBetween(r.responses() - 4, r.responses() + 4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "junixsocket", "nio"})
    void aServerThatNeverAnswersYieldsTimeoutsAndTheRunStillEnds(String engineName, @TempDir Path dir) throws Exception {
        try (ScriptedServer server = new ScriptedServer(dir.resolve("s.sock"), true)) {
            long start = System.nanoTime();
            LoadResult r = new LoadRun(spec(server.socket, true, Duration.ofMillis(150)), engine(engineName), null).run();

            assertThat(r.responses()).isZero();
            assertThat(r.errors(ErrorKind.TIMEOUT)).isPositive();
            assertThat(r.errorCount()).isEqualTo(r.errors(ErrorKind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the run is bounded").isLessThan(Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "nio"})
    void noServerYieldsConnectErrors(String engineName, @TempDir Path dir) throws Exception {
        Path socket = dir.resolve("absent.sock");
        LoadResult r = new LoadRun(spec(socket, true, Duration.ofSeconds(1)), engine(engineName), null).run();
        assertThat(r.responses()).isZero();
        assertThat(r.errors(ErrorKind.CONNECT)).isPositive();
        assertThat(r.firstErrorMessages()[ErrorKind.CONNECT.ordinal()]).isNotBlank();
    }

    /**
     * The soak's use: one long run whose caller reports as it goes, and ends it early when the server
     * has gone: the run ends at the progress's first refusal, long before its minute is over.
     */
    @Test
    void progressIsCalledWhileMeasuringAndCanEndTheRunEarly(@TempDir Path dir) throws Exception {
        try (ScriptedServer server = new ScriptedServer(dir.resolve("s.sock"), false)) {
            LoadSpec minute = new LoadSpec(server.socket, 2, Duration.ZERO, Duration.ofMinutes(1), true,
                    HttpRequestTemplate.of("GET", "/echo", null, List.of(), false), Duration.ofSeconds(5));
            AtomicInteger calls = new AtomicInteger();
            LoadResult r = new LoadRun(minute, new EventLoopEngine(1), null).run(() -> calls.incrementAndGet() < 3);

            assertThat(calls.get()).as("progress calls until the first false").isEqualTo(3);
            assertThat(Duration.ofNanos(r.measuredNanos())).as("the run ended at the refusal").isLessThan(Duration.ofMinutes(1));
            assertThat(r.responses()).isPositive();
        }
    }
}
