package org.ctlsock.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private static Connector connector(String name, Path socket) throws IOException {
        return name.equals("jdk") ? new JdkChannelConnector(socket) : new JunixsocketConnector(socket.toFile(), 2000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "junixsocket"})
    void countsStatusesAndReconnectsWhenTheServerCloses(String connectorName, @TempDir Path dir) throws Exception {
        try (ScriptedServer server = new ScriptedServer(dir.resolve("s.sock"), false)) {
            LoadResult r = new LoadRun(spec(server.socket, true, Duration.ofSeconds(5)),
                    connector(connectorName, server.socket), null).run();

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

    @Test
    void connectionPerRequestOpensOneConnectionPerResponse(@TempDir Path dir) throws Exception {
        try (ScriptedServer server = new ScriptedServer(dir.resolve("s.sock"), false)) {
            LoadResult r = new LoadRun(spec(server.socket, false, Duration.ofSeconds(5)),
                    new JdkChannelConnector(server.socket), null).run();
            assertThat(r.errorCount()).isZero();
            assertThat(r.responses()).isPositive();
            // Connections opened during the measurement; a request straddling its start may reuse none.
            assertThat(r.connectionsOpened()).isBetween(r.responses(), r.responses() + 4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "junixsocket"})
    void aServerThatNeverAnswersYieldsTimeoutsAndTheRunStillEnds(String connectorName, @TempDir Path dir) throws Exception {
        try (ScriptedServer server = new ScriptedServer(dir.resolve("s.sock"), true)) {
            long start = System.nanoTime();
            Connector connector = connectorName.equals("jdk") ? new JdkChannelConnector(server.socket)
                    : new JunixsocketConnector(server.socket.toFile(), 150);
            LoadResult r = new LoadRun(spec(server.socket, true, Duration.ofMillis(150)), connector, null).run();

            assertThat(r.responses()).isZero();
            assertThat(r.errors(ErrorKind.TIMEOUT)).isPositive();
            assertThat(r.errorCount()).isEqualTo(r.errors(ErrorKind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the run is bounded").isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void noServerYieldsConnectErrors(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("absent.sock");
        LoadResult r = new LoadRun(spec(socket, true, Duration.ofSeconds(1)), new JdkChannelConnector(socket), null).run();
        assertThat(r.responses()).isZero();
        assertThat(r.errors(ErrorKind.CONNECT)).isPositive();
        assertThat(r.firstErrorMessages()[ErrorKind.CONNECT.ordinal()]).isNotBlank();
    }
}
