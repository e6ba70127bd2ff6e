package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.wire.Framing;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/** Spec 4.2: persistent connections, framing of responses, Connection: close, pipelining, independence. */
@ConformanceTest
class Section4_2_ConnectionsTest {

    @Test
    @Clause("4.2.1")
    void keepsConnectionOpen(TargetSession target) throws IOException {
        try (RawConnection c = target.connect().persistent()) {
            HttpResponse first = c.exchange(Request.post("/echo", "[1]"));
            assertThat(first.status()).as("status of the first request").isEqualTo(200);
            HttpResponse second = c.exchange(Request.get("/echo"));
            assertThat(second.status()).as("status of a second request on the same connection").isEqualTo(200);
            assertThat(second.bodyText()).as("body of the second request").isEqualTo("[]");
            HttpResponse third = c.exchange(Request.post("/echo", "[3]"));
            assertThat(third.bodyText()).as("body of a third request on the same connection").isEqualTo("[3]");
        } catch (RawConnection.CloseAnnounced e) {
            throw new NotApplicable(e.getMessage());
        }
    }

    /**
     * The note of 4.2: a client's half-close ends its requests, not the connection, so the request sent before it is
     * still answered. The one case that half-closes at once (the corpus half-closes only where a server would wait).
     * The request is a 300 ms sleep, so that the EOF reaches the server before its answer is ready, every time: with
     * an echo, a server that drops its answer at EOF passed whenever its answer happened to be written first.
     */
    @Test
    @Clause("4.2.1")
    void answersTheRequestSentBeforeAHalfClose(TargetSession target) throws IOException {
        try (RawConnection c = target.connect("a whole request, then the client shuts down its sending side")) {
            c.send(Request.post("/sleep", "[300]"));
            c.shutdownOutput();
            java.util.Optional<HttpResponse> r = c.readOrClose();
            assertThat(r.map(x -> x.status() + " " + x.bodyText())).as("Expected: the request sent before the "
                    + "half-close (POST /sleep [300]) is answered (4.2.1; the note of 4.2)\nActual: the server closed "
                    + "without answering").hasValue("200 Success");
        }
    }

    @Test
    @Clause("4.2.1")
    void keepsConnectionOpenAfterErrors(TargetSession target) throws IOException {
        try (RawConnection c = target.connect().persistent()) {
            assertThat(c.exchange(Request.get("/no-such-command")).status()).as("status of an unknown command")
                    .isEqualTo(404);
            assertThat(c.exchange(Request.get("/echo-post")).status()).as("status of GET on a POST-only command")
                    .isEqualTo(405);
            assertThat(c.exchange(Request.post("/echo", "[1,")).status()).as("status of a body that is not JSON")
                    .isEqualTo(400);
            assertThat(c.exchange(Request.post("/fail", "[\"x\"]")).status()).as("status of a failing command")
                    .isEqualTo(500);
            HttpResponse r = c.exchange(Request.post("/echo", "[\"still open\"]"));
            assertThat(r.bodyText()).as("a request after a 404, a 405, a 400 and a 500 on the same connection")
                    .isEqualTo("[\"still open\"]");
        } catch (RawConnection.CloseAnnounced e) {
            throw new NotApplicable(e.getMessage());
        }
    }

    /** Every kind of response the conformance set produces, on one kept-open connection. */
    @Test
    @Clause("4.2.2")
    void framesEveryResponseOnAKeptOpenConnection(TargetSession target) throws IOException {
        List<Request> requests = List.of(
                Request.post("/echo", "[\"json\"]"),
                Request.post("/text", "[\"plain text\"]"),
                Request.post("/text", "[\"\"]"),
                Request.get("/nothing"),
                Request.post("/fail", "[\"boom\"]"),
                Request.get("/no-such-command"),
                Request.get("/echo-post"),
                Request.method("DELETE", "/echo"),
                Request.post("/echo", "not json"),
                Request.head("/echo"),
                Request.get("/echo"));
        RawConnection c = target.connect("kept-open connection");
        try {
            for (Request req : requests) {
                if (c.isPeerClosed()) {
                    c.close();
                    c = target.connect("new connection after the server closed the previous one");
                }
                HttpResponse r = exchangeOrReconnect(c, req);
                if (r == null) {
                    // The server closed after the previous response without saying so: that is clause
                    // 4.2.1's business; here the kit only looks at framing, on a new connection.
                    c.close();
                    c = target.connect("new connection: the server had closed the previous one");
                    r = c.exchange(req);
                }
                String what = req + " → " + r.statusLine();
                assertThat(r.framingIssues()).as("framing problems of the response to " + what).isEmpty();
                boolean saysClose = r.headerHasToken("Connection", "close");
                if (r.framing() == Framing.CLOSE) {
                    assertThat(saysClose).as("a close-delimited response to " + what + " says Connection: close")
                            .isTrue();
                }
                if (saysClose) {
                    c.assertClosedWithin(target.timeouts().within(), "a response that says Connection: close ("
                            + what + ")");
                }
                // Bytes beyond a too-short Content-Length show up in front of the next status line, where
                // the strict reader reports them; after the last response the kit watches for them.
            }
            if (!c.isPeerClosed()) {
                byte[] extra = c.unsolicitedBytes(target.timeouts().during());
                assertThat(new String(extra, StandardCharsets.ISO_8859_1))
                        .as("bytes after the framed end of the last response (a Content-Length shorter than the body)")
                        .isEmpty();
            }
        } finally {
            c.close();
        }
    }

    /** The response, or null when the connection turned out closed before the request could be answered. */
    private static HttpResponse exchangeOrReconnect(RawConnection c, Request req) throws IOException {
        try {
            c.send(req);
        } catch (IOException e) {
            return null;
        }
        return c.readOrClose("HEAD".equals(req.method())).map(first -> {
            try {
                return first.isInterim() ? c.readFinal("HEAD".equals(req.method())) : first;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).orElse(null);
    }

    @Test
    @Clause("4.2.3")
    void closesAfterConnectionClose(TargetSession target) throws IOException {
        try (RawConnection c = target.connect().persistent()) {
            HttpResponse r = c.exchange(target.servingRequest(Request.post("/echo", "[1]").connectionClose()));
            target.assertServing(r, "a request with Connection: close");
            c.assertClosedWithin(target.timeouts().within(), "answering a request with Connection: close");
        }
    }

    @Test
    @Clause("4.2.3")
    void closesAfterConnectionCloseOnAnError(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse r = c.exchange(Request.get("/no-such-command").connectionClose());
            if (target.claims(Capability.COMMANDS)) {
                assertThat(r.status()).as("status").isEqualTo(404);
            }
            c.assertClosedWithin(target.timeouts().within(), "a 404 to a request with Connection: close");
        }
    }

    @Test
    @Clause("4.2.4")
    void answersPipelinedRequestsInOrder(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            all.writeBytes(Request.post("/echo", "[1]").toBytes());
            all.writeBytes(Request.get("/echo").toBytes());
            all.writeBytes(Request.post("/text", "[\"three\"]").toBytes());
            all.writeBytes(Request.post("/echo", "[4]").toBytes());
            c.send(all.toByteArray());
            List<String> bodies = List.of("[1]", "[]", "three", "[4]");
            for (int i = 0; i < bodies.size(); i++) {
                HttpResponse r = c.readFinal();
                assertThat(r.bodyText()).as("response %d of 4 pipelined", i + 1).isEqualTo(bodies.get(i));
                if (r.headerHasToken("Connection", "close") && i < bodies.size() - 1) {
                    // RFC 9112 §9.6: the server reads nothing after a response that says Connection: close.
                    if (i == 0) {
                        throw new NotApplicable("the first response said `Connection: close` (RFC 9112 §9.6), so the "
                                + "rest of the pipeline is not answered and no order can be seen");
                    }
                    return;
                }
            }
        }
    }

    /** A slow first command must not let a quick second one overtake it on the same connection. */
    @Test
    @Clause("4.2.4")
    void keepsOrderBehindASlowCommand(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            all.writeBytes(Request.post("/sleep", "[200]").toBytes());
            all.writeBytes(Request.post("/echo", "[\"after sleep\"]").toBytes());
            c.send(all.toByteArray());
            HttpResponse first = c.readFinal();
            assertThat(first.bodyText()).as("first response: the sleep's").isEqualTo("Success");
            if (first.headerHasToken("Connection", "close")) {
                throw new NotApplicable("the first response said `Connection: close` (RFC 9112 §9.6), so the "
                        + "second request is not answered and no order can be seen");
            }
            assertThat(c.readFinal().bodyText()).as("second response: the echo's").isEqualTo("[\"after sleep\"]");
        }
    }

    @Test
    @Clause("4.2.5")
    void servesOthersWhileOneIsSilentSlowOrGarbled(TargetSession target) throws IOException {
        try (RawConnection silent = target.connect("silent client");
                RawConnection slow = target.connect("slow client, stopped mid-header");
                RawConnection partialBody = target.connect("client that stopped mid-body");
                RawConnection garbage = target.connect("client sending garbage")) {
            slow.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
            partialBody.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[1,");
            garbage.send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03});
            for (int i = 0; i < 3; i++) {
                try (RawConnection other = target.connect("another client")) {
                    HttpResponse r = other.exchange(Request.post("/echo", "[" + i + "]"));
                    assertThat(r.status()).as("status for another client while three misbehave").isEqualTo(200);
                    assertThat(r.bodyText()).as("body for another client").isEqualTo("[" + i + "]");
                }
            }
            assertThat(silent.isPeerClosed()).as("the silent connection was not part of the check").isFalse();
        }
    }
}
