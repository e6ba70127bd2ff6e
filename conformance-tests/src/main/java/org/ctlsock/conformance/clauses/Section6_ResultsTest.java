package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec 6: results (string, structured, nothing), failures (500), and the client's mistakes (4xx). */
@ConformanceTest
class Section6_ResultsTest {

    @Test
    @Clause("6.2.2")
    void failureBodyIsATraceback(TargetSession target) throws IOException {
        HttpResponse r = target.post("/fail", "[\"traceback please\"]");
        assertThat(r.status()).as("status").isEqualTo(500);
        List<String> lines = Arrays.stream(r.bodyText().strip().split("\r?\n")).filter(l -> !l.isBlank()).toList();
        assertThat(r.bodyText()).as("the body has the message").contains("traceback please");
        // Every language's traceback has a line with the message (and type) and at least one stack frame.
        assertThat(lines.stream().filter(l -> !l.contains("traceback please")).count())
                .as("lines of the 500 body besides the message's (stack frames), in: %s", r.bodyText())
                .isGreaterThanOrEqualTo(1);
        // The minimum of 6.2.2: a frame names a source position ("line 42" in Python, "x.go:42", "(X.java:42)").
        assertThat(lines.stream().filter(l -> !l.contains("traceback please"))
                .anyMatch(l -> l.matches(".*(:\\d+|\\bline \\d+).*")))
                .as("a stack frame line that names a source position (file:line or \"line N\") in the 500 body: %s",
                        r.bodyText()).isTrue();
    }

    @Test
    @Clause("6.2.3")
    void failureLeavesTheConnectionUsable(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.exchange(Request.post("/fail", "[\"f" + i + "\"]")).status()).as("status of fail #" + i)
                        .isEqualTo(500);
                HttpResponse ok = c.exchange(Request.post("/echo", "[" + i + "]"));
                assertThat(ok.status()).as("status of the request after fail #" + i + " on the same connection")
                        .isEqualTo(200);
                assertThat(ok.bodyText()).as("body after fail #" + i).isEqualTo("[" + i + "]");
            }
            assertThat(c.exchange(Request.post("/text", "[1]")).status()).as("text with a non-string fails")
                    .isEqualTo(500);
            assertThat(c.exchange(Request.get("/echo")).bodyText()).as("and the connection still works")
                    .isEqualTo("[]");
        }
    }

    static Stream<Arguments> serverErrors() {
        return Stream.of(
                Arguments.of("404", "GET /no-such-command HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("405", "GET /echo-post HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("405 for PUT", "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
                Arguments.of("400 for a body that is not JSON", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                        + "\r\n[1,"),
                Arguments.of("400 for a body that is not an array", "POST /echo HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 2\r\n\r\n{}"),
                Arguments.of("400 for bad framing", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n"),
                Arguments.of("500 of a failing command", "GET /fail HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    @ParameterizedTest(name = "[6.3.2] {0}")
    @MethodSource("serverErrors")
    @Clause("6.3.2")
    void errorResponsesHaveAShortTextBody(String what, String request, TargetSession target)
            throws IOException {
        try (RawConnection c = target.connect(what)) {
            c.send(request);
            HttpResponse r = c.read();
            assertThat(r.status()).as("status (" + what + ")").isGreaterThanOrEqualTo(400);
            assertThat(r.mediaType()).as("media type of the " + r.status()).isEqualTo("text/plain");
            assertThat(r.bodyText().strip()).as("body of the " + r.status() + " is not empty").isNotEmpty();
            if (r.status() < 500) {
                assertThat(r.body().length).as("length of the " + r.status() + " body (short: a few lines)")
                        .isLessThanOrEqualTo(2048);
                assertThat(r.bodyText().strip().split("\n").length).as("lines of the " + r.status() + " body")
                        .isLessThanOrEqualTo(10);
            }
            if (r.status() == 405) {
                assertThat(r.header("Allow")).as("Allow field of the 405").isPresent();
            }
        }
    }

    static Stream<Arguments> clientMistakes() {
        return Stream.of(
                Arguments.of("a body that is not JSON", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnope"),
                Arguments.of("a body that is not UTF-8", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n[\u00ff]"),
                Arguments.of("an object body", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"k\":1}"),
                Arguments.of("a number as the body", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n42"),
                Arguments.of("null as the body", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnull"),
                Arguments.of("a string as the body", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n\"abc\""),
                Arguments.of("JSON nested 100000 deep", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n"
                        + "[".repeat(100_000) + "]".repeat(100_000)),
                Arguments.of("a bad Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n"),
                Arguments.of("a bad chunk", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nq\r\n"),
                Arguments.of("an unknown method", "BREW /echo HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("an unknown command", "POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n["),
                Arguments.of("invalid percent-encoding", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("invalid UTF-8 in the name", "GET /%ff HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("a malformed request line", "GET\r\n\r\n"),
                Arguments.of("an HTTP version it may not support", "GET /echo HTTP/1.2\r\nHost: x\r\n\r\n"),
                Arguments.of("a huge number", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n[1e999]"));
    }

    @ParameterizedTest(name = "[6.3.3] {0}")
    @MethodSource("clientMistakes")
    @Clause("6.3.3")
    void clientMistakesAreNever5xx(String what, String request, TargetSession target)
            throws IOException {
        try (RawConnection c = target.connect(what)) {
            c.send(request.getBytes(StandardCharsets.ISO_8859_1));
            Optional<HttpResponse> r = c.readOrClose();
            if (r.isPresent()) {
                assertThat(r.get().status()).as("status for " + what + " (a client's mistake is never 5xx)")
                        .isLessThan(500);
            }
        }
        assertThat(target.post("/echo", "[\"alive\"]").bodyText()).as("the server answers after " + what)
                .isEqualTo("[\"alive\"]");
    }
}
