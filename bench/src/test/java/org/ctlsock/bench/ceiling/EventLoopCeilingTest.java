package org.ctlsock.bench.ceiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ctlsock.bench.http.HttpResponseReader;
import org.ctlsock.bench.load.Connection;
import org.ctlsock.bench.load.JunixsocketConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The ceiling answers each complete request once, with its body ({@code []} for none), and closes when asked. */
class EventLoopCeilingTest {
    private static final int READ_TIMEOUT_MILLIS = 5000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "answered on a pooled thread: {0}")
    @ValueSource(booleans = {false, true})
    void answersEachCompleteRequestOnceWhateverItsBodyHolds(boolean pooled) throws Exception {
        Path socket = dir.resolve("c.sock");
        try (EventLoopCeiling ceiling = EventLoopCeiling.start(socket, 1, pooled);
                Connection c = new JunixsocketConnector(socket.toFile(), READ_TIMEOUT_MILLIS).open()) {
            HttpResponseReader reader = new HttpResponseReader(c.in());
            ByteArrayOutputStream bodies = new ByteArrayOutputStream();
            reader.captureBodiesInto(bodies);

            send(c, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            // A body that reads as a request of its own, arriving after its head: one request, one answer.
            String body = "GET /x HTTP/1.1\r\n\r\n";
            send(c, "POST /echo HTTP/1.1\r\nHost: x\r\ncontent-length: " + body.length() + "\r\n\r\nGET /x");
            send(c, body.substring("GET /x".length()));
            send(c, "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            int answers = 0;
            while (true) {
                assertThat(reader.readResponse(false)).isEqualTo(200);
                answers++;
                if (!reader.keepAlive()) {
                    break;
                }
            }
            assertThat(answers).isEqualTo(4);
            assertThat(c.in().read()).as("the connection ends after the answer that closes it").isEqualTo(-1);
            assertThat(bodies.toString(StandardCharsets.US_ASCII)).isEqualTo("[][]" + body + "[]");
        }
    }

    @ParameterizedTest(name = "answered on a pooled thread: {0}")
    @ValueSource(booleans = {false, true})
    void closesAfterAnsweringARequestThatAsksForIt(boolean pooled) throws Exception {
        Path socket = dir.resolve("c.sock");
        try (EventLoopCeiling ceiling = EventLoopCeiling.start(socket, 2, pooled);
                Connection c = new JunixsocketConnector(socket.toFile(), READ_TIMEOUT_MILLIS).open()) {
            HttpResponseReader reader = new HttpResponseReader(c.in());
            send(c, "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(reader.readResponse(false)).isEqualTo(200);
            assertThat(reader.keepAlive()).isFalse();
            assertThat(reader.hasBufferedBytes()).isFalse();
            assertThat(c.in().read()).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "answered on a pooled thread: {0}")
    @ValueSource(booleans = {false, true})
    void closingEndsOpenConnectionsAndRefusesNewOnes(boolean pooled) throws Exception {
        Path socket = dir.resolve("c.sock");
        EventLoopCeiling ceiling = EventLoopCeiling.start(socket, 2, pooled);
        try (Connection c = new JunixsocketConnector(socket.toFile(), READ_TIMEOUT_MILLIS).open()) {
            send(c, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(new HttpResponseReader(c.in()).readResponse(false)).isEqualTo(200);
            ceiling.close();
            assertThat(c.in().read()).isEqualTo(-1);
        } finally {
            ceiling.close();
        }
        assertThatThrownBy(() -> new JunixsocketConnector(socket.toFile(), READ_TIMEOUT_MILLIS).open())
                .isInstanceOf(IOException.class);
    }

    private static void send(Connection c, String text) throws IOException {
        c.out().write(text.getBytes(StandardCharsets.US_ASCII));
        c.out().flush();
    }
}
