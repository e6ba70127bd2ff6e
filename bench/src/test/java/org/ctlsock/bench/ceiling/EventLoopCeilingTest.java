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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The ceiling answers each complete request once, with its body ({@code []} for none), and closes when asked. */
class EventLoopCeilingTest {
    private static final int READ_TIMEOUT_MILLIS = 5000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventLoopCeiling.Mode.class)
    void answersEachCompleteRequestOnceWhateverItsBodyHolds(EventLoopCeiling.Mode mode) throws Exception {
        Path socket = dir.resolve("c.sock");
        EventLoopCeiling ceiling = EventLoopCeiling.start(socket, 1, mode);
        try (ceiling;
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventLoopCeiling.Mode.class)
    void closesAfterAnsweringARequestThatAsksForIt(EventLoopCeiling.Mode mode) throws Exception {
        Path socket = dir.resolve("c.sock");
        EventLoopCeiling ceiling = EventLoopCeiling.start(socket, 2, mode);
        try (ceiling;
                Connection c = new JunixsocketConnector(socket.toFile(), READ_TIMEOUT_MILLIS).open()) {
            HttpResponseReader reader = new HttpResponseReader(c.in());
            send(c, "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(reader.readResponse(false)).isEqualTo(200);
            assertThat(reader.keepAlive()).isFalse();
            assertThat(reader.hasBufferedBytes()).isFalse();
            assertThat(c.in().read()).isEqualTo(-1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventLoopCeiling.Mode.class)
    void closingEndsOpenConnectionsAndRefusesNewOnes(EventLoopCeiling.Mode mode) throws Exception {
        Path socket = dir.resolve("c.sock");
        EventLoopCeiling ceiling = EventLoopCeiling.start(socket, 2, mode);
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

    /**
     * One loop, two connections: a request that takes seconds on the first, then one on the second,
     * which is answered while the first still runs (its answer has not begun to arrive when the
     * second's is read); the first connection then goes on serving. Not asked of INLINE, whose loop
     * answers whichever connection its selector lists first: the slow one, or (when both are ready
     * at once) the quick one.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = EventLoopCeiling.Mode.class, names = {"POOL", "TAKEOVER"})
    void aSlowRequestHoldsUpNoOtherConnection(EventLoopCeiling.Mode mode) throws Exception {
        Path socket = dir.resolve("c.sock");
        try (EventLoopCeiling ceiling = EventLoopCeiling.start(socket, 1, mode);
                Connection slow = new JunixsocketConnector(socket.toFile(), 10_000).open();
                Connection quick = new JunixsocketConnector(socket.toFile(), 10_000).open()) {
            send(slow, "POST /sleep HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n3000");
            send(slow, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"); // then one more on the same connection
            send(quick, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(new HttpResponseReader(quick.in()).readResponse(false)).isEqualTo(200);
            assertThat(slow.in().available()).as("bytes of the slow request's answer when the quick one's was read").isZero();
            HttpResponseReader slowReader = new HttpResponseReader(slow.in());
            assertThat(slowReader.readResponse(false)).isEqualTo(200);
            assertThat(slowReader.readResponse(false)).isEqualTo(200);
            send(slow, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(slowReader.readResponse(false)).as("the slow connection serves again after its slow request").isEqualTo(200);
            if (mode == EventLoopCeiling.Mode.TAKEOVER) {
                assertThat(ceiling.takeovers()).isEqualTo(1);
            }
        }
    }
}
