package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.ProtocolViolation;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 4.3: request bodies (Content-Length, chunked, 100-continue) and malformed requests. */
@ConformanceTest
class Section4_3_RequestBodiesTest {
    private static final String HEAD = "POST /fail HTTP/1.1\r\nHost: x\r\n";
    private static final String RAN = "[\"ran\"]";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Clause("4.3.1")
    void readsContentLengthAndChunkedAlike(TargetSession target) throws IOException {
        String body = "[\"a\",1,{\"k\":[true,null]}]";
        HttpResponse byLength = target.call(Request.post("/echo", body));
        HttpResponse byChunks = target.call(Request.post("/echo").chunked(List.of(bytes("[\"a\",1,"),
                bytes("{\"k\":"), bytes("[true,null]}]"))));
        assertThat(byLength.status()).as("status with Content-Length").isEqualTo(200);
        assertThat(byChunks.status()).as("status with a chunked body").isEqualTo(200);
        assertThat(byChunks.bodyText()).as("chunked body answered as the same body with Content-Length")
                .isEqualTo(byLength.bodyText());
    }

    @Test
    @Clause("4.3.1")
    void readsChunkedWithExtensionsAndTrailer(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;name=value\r\n[\"a\"\r\n" + "A\r\n,\"bcdefgh\"\r\n" + "1\r\n]\r\n"
                    + "0\r\nX-Trailer: t\r\n\r\n");
            HttpResponse r = c.readFinal();
            assertThat(r.status()).as("status of a chunked body with a chunk extension, hex size A and a trailer")
                    .isEqualTo(200);
            assertThat(r.bodyText()).as("body").isEqualTo("[\"a\",\"bcdefgh\"]");
            HttpResponse next = c.exchange(Request.post("/echo", "[2]"));
            assertThat(next.bodyText()).as("the next request on the connection (the trailer was consumed)")
                    .isEqualTo("[2]");
        }
    }

    @Test
    @Clause("4.3.1")
    void keepsReadingAfterAChunkedBody(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            HttpResponse first = c.exchange(Request.post("/echo").chunked(List.of(bytes("[1"), bytes("]"))));
            assertThat(first.bodyText()).as("first, chunked").isEqualTo("[1]");
            HttpResponse second = c.exchange(Request.post("/echo", "[2]"));
            assertThat(second.bodyText()).as("second, Content-Length, same connection").isEqualTo("[2]");
        }
    }

    @Test
    @Clause("4.3.2")
    void answersExpect100Continue(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            String body = "[\"continued\"]";
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
                    + "\r\n\r\n");
            // The kit withholds the body: the server must answer something (100, or a final response).
            HttpResponse first = c.read();
            if (first.status() == 100) {
                c.send(body);
                HttpResponse fin = c.readFinal();
                assertThat(fin.status()).as("final status after 100 Continue and the body").isEqualTo(200);
                assertThat(fin.bodyText()).as("final body after 100 Continue").isEqualTo(body);
            } else {
                assertThat(first.status()).as("a final response sent instead of 100 Continue is not a server error")
                        .isBetween(200, 499);
            }
        }
    }

    /**
     * Requests with {@code Expect: 100-continue} that wait behind a slow one on the same connection: a 100 Continue,
     * if one is sent, comes before the request's final response, never inside it. (Node 20's http module buffers the
     * 100 Continue of a response still waiting its turn, then puts the final response's head in front of that
     * buffer, so the 100 arrived where the body should be.) The sleep keeps the later requests waiting; one has
     * a body of 0 bytes, one sent its body without waiting, one is a GET without framing.
     */
    @Test
    @Clause("4.3.2")
    void pipelinedExpectContinueGetsAny100BeforeItsAnswer(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            String expect = "Host: x\r\nExpect: 100-continue\r\n";
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(Request.post("/sleep", "[50]").toBytes());
            all.writeBytes(bytes("POST /echo HTTP/1.1\r\n" + expect + "Content-Length: 0\r\n\r\n"));
            all.writeBytes(bytes("POST /echo HTTP/1.1\r\n" + expect + "Content-Length: 5\r\n\r\n[\"p\"]"));
            all.writeBytes(bytes("GET /echo HTTP/1.1\r\n" + expect + "\r\n"));
            all.writeBytes(Request.get("/echo").toBytes());
            c.send(all.toByteArray());
            List<String> what = List.of("POST /sleep [50]", "POST /echo, Expect: 100-continue, Content-Length: 0",
                    "POST /echo, Expect: 100-continue, body sent at once", "GET /echo, Expect: 100-continue, no framing",
                    "GET /echo");
            List<String> bodies = List.of("Success", "[]", "[\"p\"]", "[]", "[]");
            for (int i = 0; i < bodies.size(); i++) {
                Optional<HttpResponse> answer = c.readFinalOrClose(false);
                if (answer.isEmpty() && i == 1) {
                    // Pipelined requests after the first go unanswered: 4.2.4's failure, which its own cases report.
                    throw new NotApplicable("the server closed the connection after the first response without "
                            + "`Connection: close`, so no pipelined request with Expect: 100-continue was answered "
                            + "(4.2.4 reports that)");
                }
                String asked = what.get(i);
                HttpResponse r = answer.orElseThrow(() -> new ProtocolViolation("the server closed the connection "
                        + "without answering " + asked));
                assertThat(r.status()).as("status of response %d of 5 pipelined (%s)", i + 1, asked).isEqualTo(200);
                assertThat(r.bodyText()).as("body of response %d of 5 pipelined (%s)", i + 1, asked)
                        .isEqualTo(bodies.get(i));
                if (r.headerHasToken("Connection", "close") && i < bodies.size() - 1) {
                    // RFC 9112 §9.6: the server reads nothing after a response that says Connection: close.
                    if (i < 2) {
                        throw new NotApplicable("response " + (i + 1) + " said `Connection: close` (RFC 9112 §9.6), "
                                + "so the requests with Expect: 100-continue after it were not answered");
                    }
                    return;
                }
            }
        }
    }

    @Test
    @Clause("4.3.3")
    void sends100ContinueBeforeTheBody(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            HttpResponse first = c.read();
            assertThat(first.status()).as("the server's first answer to POST /echo with Expect: 100-continue, "
                    + "before the body was sent (it will read the body)").isEqualTo(100);
            c.send("[7]");
            assertThat(c.readFinal().bodyText()).as("final body").isEqualTo("[7]");
        }
    }

    static Stream<Arguments> malformedHeads() {
        return Stream.of(
                Arguments.of("a line that is not a request line", "GARBAGE\r\n\r\n"),
                Arguments.of("a request line without version", "GET /echo\r\n\r\n"),
                Arguments.of("a lower-case version", "GET /echo http/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("a malformed version", "GET /echo HTTP/1.1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("a header line without colon", "GET /echo HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"),
                Arguments.of("whitespace before a header colon", "GET /echo HTTP/1.1\r\nHost : x\r\n\r\n"),
                Arguments.of("a NUL in a header value", "GET /echo HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"),
                Arguments.of("a NUL in the request line", "GET /ec\0ho HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("a control byte in the request target", "GET /ec\u0001ho HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("a bare CR in a header value", "GET /echo HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"),
                Arguments.of("a control byte in a header name", "GET /echo HTTP/1.1\r\nHost: x\r\nX\u0002A: a\r\n\r\n"),
                Arguments.of("TLS ClientHello bytes", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003"
                        + "\u0003\r\n\r\n"));
    }

    @ParameterizedTest(name = "[4.3.5] {0}")
    @MethodSource("malformedHeads")
    @Clause("4.3.5")
    void answersMalformedHeads400OrClosesAndSurvives(String what, String request, TargetSession target)
            throws IOException {
        try (RawConnection bystander = target.connect("a bystander with a kept-open connection");
                RawConnection c = target.connect(what)) {
            target.assertServing(bystander.exchange(target.servingRequest(Request.post("/echo", "[\"before\"]"))),
                    "the bystander's first request");
            c.send(request.getBytes(StandardCharsets.ISO_8859_1));
            Optional<HttpResponse> r = c.readOrClose();
            if (r.isPresent()) {
                assertThat(r.get().status()).as("status for " + what + " (accepted: 400 or a close without a response)")
                        .isEqualTo(400);
            }
            HttpResponse after = bystander.exchange(target.servingRequest(Request.post("/echo", "[\"after\"]")));
            HttpResponse fresh = target.call(target.servingRequest(Request.post("/echo", "[\"fresh\"]")));
            target.assertServing(after, "the bystander's next request on its connection, after " + what);
            target.assertServing(fresh, "a request on a new connection after " + what);
            if (target.claims(Capability.COMMANDS)) {
                assertThat(after.bodyText()).as("the bystander's next request on its connection, after " + what)
                        .isEqualTo("[\"after\"]");
                assertThat(fresh.bodyText()).as("a request on a new connection after " + what)
                        .isEqualTo("[\"fresh\"]");
            }
        }
    }

    /** RFC 9112 §3 lets a server parse a request line on whitespace boundaries, so both outcomes conform. */
    @Test
    @Clause("4.3.5")
    void requestLineWithSeveralSpacesIsAnsweredOrRefusedAndSurvives(TargetSession target)
            throws IOException {
        target.requireCommands("a request line parsed leniently is answered by the command it names");
        try (RawConnection c = target.connect("two spaces in the request line")) {
            c.send("GET  /echo HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Optional<HttpResponse> r = c.readOrClose();
            if (r.isPresent()) {
                assertThat(r.get().status()).as("status for 'GET  /echo HTTP/1.1' (accepted: 200 when parsed leniently "
                        + "as RFC 9112 §3 allows, 400 or a close without a response)").isIn(200, 400);
            }
        }
        HttpResponse fresh = target.call(Request.post("/echo", "[\"fresh\"]"));
        assertThat(fresh.bodyText()).as("a request on a new connection after the two-space request line")
                .isEqualTo("[\"fresh\"]");
    }

    @Test
    @Clause("4.3.6")
    void earlyAnswerToExpectSurvivesTheBodySentAnyway(TargetSession target) throws IOException {
        int length = 64 * 1024;
        try (RawConnection c = target.connect("client that sends its body after an early answer (as HttpCore does)")) {
            c.send("POST /no-such-command HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + length
                    + "\r\n\r\n");
            HttpResponse first = c.read();
            byte[] body = new byte[length];
            java.util.Arrays.fill(body, (byte) '1');
            body[0] = '[';
            body[length - 1] = ']';
            try {
                c.send(body);
            } catch (IOException e) {
                throw new AssertionError("after answering " + first.status() + " to a request whose body it had not "
                        + "read, the server closed at once, so the client's body write failed (" + e.getMessage()
                        + "); it should read and discard the body or close lingering (RFC 9112 §9.6)", e);
            }
            HttpResponse fin = first.isInterim() ? c.readFinal() : first;
            assertThat(fin.status()).as("status of POST /no-such-command").isEqualTo(404);
        }
    }

    @Test
    @Clause("4.3.6")
    void earlyAnswerSurvivesABodyInFlight(TargetSession target) throws IOException {
        // 256 KiB is more than a Unix socket buffers: the write completes only if the server reads it.
        int length = 256 * 1024;
        byte[] head = ("POST /no-such-command HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + length];
        System.arraycopy(head, 0, all, 0, head.length);
        java.util.Arrays.fill(all, head.length, all.length, (byte) ' ');
        all[head.length] = '[';
        all[all.length - 1] = ']';
        try (RawConnection c = target.connect("client sending a 256 KiB body to an unknown command")) {
            try {
                c.send(all);
            } catch (IOException e) {
                throw new AssertionError("the server closed the connection while the client was still sending a "
                        + length + "-byte body (" + e.getMessage() + "), so a client may lose the answer; it should "
                        + "read and discard a body of moderate size, or close lingering (RFC 9112 §9.6)", e);
            }
            assertThat(c.readFinal().status()).as("status of POST /no-such-command with a 256 KiB body")
                    .isEqualTo(404);
        }
    }

    /**
     * Either is allowed (4.3.7): after refusing a 100-continue request from its head, the server closes (and says
     * so) or keeps the connection and discards the body. The client sends its body anyway (as it may, RFC 9110
     * §10.1.1) and then a next request; a server that kept the connection must answer that request, not the
     * body's bytes. One case per refusal; each follows whichever reading the server chose.
     */
    @ParameterizedTest(name = "[4.3.7] {0}")
    @ValueSource(strings = {"POST /no-such-command", "PUT /echo", "GET /echo-post"})
    @Clause("4.3.7")
    void refusedExpectContinueLeavesTheConnectionInStep(String what, TargetSession target) throws IOException {
        String body = "[\"ran\"]\r\nGET /fail HTTP/1.1\r\nHost: x\r\n\r\n"; // a request, if read as one
        int expected = what.startsWith("POST") ? 404 : 405;
        try (RawConnection c = target.connect(what + " with Expect: 100-continue")) {
            c.send(what + " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
                    + "\r\n\r\n");
            HttpResponse first = c.read();
            // After a 100 Continue the body goes at once, and only once (kit-defects.md: it was sent again below).
            boolean bodySent = first.isInterim();
            if (bodySent) {
                c.send(body);
                first = c.readFinal();
            }
            assertThat(first.status()).as("final status of %s with Expect: 100-continue", what).isEqualTo(expected);
            if (first.headerHasToken("Connection", "close")) {
                // The client may still send the body (RFC 9110 §10.1.1), and a server may wait for it before it
                // closes (Go's net/http reads up to 256 KiB of it): send it, then the close must come.
                target.evidence().note("reading taken: close (the response says Connection: close)");
                try {
                    if (!bodySent) {
                        c.send(body);
                    }
                } catch (IOException closedAlready) {
                    target.evidence().note("the body could not be sent: the server had closed (" + closedAlready
                            .getMessage() + ")");
                }
                c.assertClosedWithin(target.timeouts().within(), "answering " + what + " with Connection: close");
                return;
            }
            target.evidence().note("reading taken: keep the connection and discard the body");
            try {
                if (!bodySent) {
                    c.send(body);
                }
            } catch (IOException e) {
                throw new AssertionError("Expected: the body accepted and discarded (the " + first.status() + " did "
                        + "not say Connection: close)\nActual: the server closed while it was sent: " + e.getMessage(), e);
            }
            HttpResponse next = c.exchange(Request.post("/echo", "[\"next\"]"));
            assertThat(next.status()).as("status of the next request after the discarded body (a 500 from fail, or a "
                    + "400, means the body was read as a request)").isEqualTo(200);
            assertThat(next.bodyText()).as("body of the next request after the discarded body")
                    .isEqualTo("[\"next\"]");
        }
    }

    /**
     * Variation rule 1 (HARNESS.md): the expectation and the field name are case-insensitive (RFC 9110 §10.1.1,
     * §5.1), so every spelling of {@code Expect: 100-continue} is that expectation.
     */
    static Stream<String> expectSpellings() {
        return Stream.of("Expect: 100-Continue", "Expect: 100-CONTINUE", "EXPECT: 100-continue",
                "expect: 100-cOnTiNuE");
    }

    @ParameterizedTest(name = "[4.3.2] {0}")
    @MethodSource("expectSpellings")
    @Clause("4.3.2")
    void answersExpect100ContinueInAnySpelling(String field, TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            String body = "[\"continued\"]";
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\n" + field + "\r\nContent-Length: " + body.length() + "\r\n\r\n");
            // The kit withholds the body: the server must answer something (100, or a final response).
            HttpResponse first = c.read();
            if (first.status() == 100) {
                c.send(body);
                HttpResponse fin = c.readFinal();
                assertThat(fin.status()).as("final status after 100 Continue and the body (%s)", field).isEqualTo(200);
                assertThat(fin.bodyText()).as("final body after 100 Continue (%s)", field).isEqualTo(body);
            } else {
                assertThat(first.status()).as("a final response sent instead of 100 Continue is not a server error "
                        + "(%s)", field).isBetween(200, 499);
            }
        }
    }

    @ParameterizedTest(name = "[4.3.3] {0}")
    @MethodSource("expectSpellings")
    @Clause("4.3.3")
    void sends100ContinueInAnySpelling(String field, TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\n" + field + "\r\nContent-Length: 3\r\n\r\n");
            HttpResponse first = c.read();
            assertThat(first.status()).as("the server's first answer to POST /echo with %s, before the body was sent "
                    + "(it will read the body)", field).isEqualTo(100);
            c.send("[7]");
            assertThat(c.readFinal().bodyText()).as("final body").isEqualTo("[7]");
        }
    }
}
