package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MUST;
import static org.ctlsock.conformance.spec.Level.MUST_NOT;
import static org.ctlsock.conformance.spec.Level.SHOULD;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 6: results (string, structured, nothing), failures (500), and the client's mistakes (4xx). */
@ConformanceTest
class Section6_ResultsTest {

    static void assertPlainUtf8(HttpResponse r, String what) {
        assertThat(r.mediaType()).as("media type of " + what).isEqualTo("text/plain");
        assertThat(r.charset()).as("charset of " + what).contains("utf-8");
    }

    @ParameterizedTest(name = "[6.1.1] {0}")
    @ValueSource(strings = {"plain", "", "no newline added", "line\nbreaks\r\n", "é€😀", "a\u0000b",
        "<html>&amp;\"quotes\"</html>", "  spaces  "})
    @Clause(id = "6.1.1", level = MUST)
    @Tag("clause-6.1.1") @Tag("MUST")
    void must_6_1_1_stringResultIsTheExactUtf8Bytes(String s, TargetSession target) throws IOException {
        String body = "[" + JsonValues.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(s)) + "]";
        HttpResponse r = target.post("/text", body);
        assertThat(r.status()).as("status of POST /text " + body).isEqualTo(200);
        assertPlainUtf8(r, "a string result");
        assertThat(r.body()).as("body: the string's UTF-8 bytes, nothing added or escaped")
                .isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> structured() {
        return Stream.of(Arguments.of("a number", "42"), Arguments.of("a negative double", "-1.5"),
                Arguments.of("true", "true"), Arguments.of("false", "false"), Arguments.of("an array", "[1,\"a\",[]]"),
                Arguments.of("an empty array", "[]"), Arguments.of("an object", "{\"k\":{\"n\":[null]},\"é\":\"😀\"}"),
                Arguments.of("an empty object", "{}"));
    }

    @ParameterizedTest(name = "[6.1.2] {0}")
    @MethodSource("structured")
    @Clause(id = "6.1.2", level = MUST)
    @Tag("clause-6.1.2") @Tag("MUST")
    void must_6_1_2_structuredResultIsJson(String what, String value, TargetSession target) throws IOException {
        HttpResponse r = target.post("/value", "[" + value + "]");
        assertThat(r.status()).as("status of POST /value [" + value + "]").isEqualTo(200);
        assertThat(r.mediaType()).as("media type of " + what + " as a result").isEqualTo("application/json");
        assertThat(r.charset().orElse("utf-8")).as("charset parameter, if any").isEqualTo("utf-8");
        JsonNode actual = JsonValues.parse(r.body());
        assertThat(JsonValues.sameValue(actual, JsonValues.parse(value)))
                .as("body: %s as one JSON text, Expected %s, Actual %s", what, value, r.bodyText()).isTrue();
    }

    @ParameterizedTest(name = "[6.1.3] {0}")
    @ValueSource(strings = {"GET /nothing", "POST /nothing [1]", "POST /value [null]", "GET /value", "POST /sleep [0]"})
    @Clause(id = "6.1.3", level = MUST)
    @Tag("clause-6.1.3") @Tag("MUST")
    void must_6_1_3_nothingIsSuccess(String call, TargetSession target) throws IOException {
        String[] parts = call.split(" ", 3);
        Request req = Request.method(parts[0], parts[1]);
        if (parts.length == 3) {
            req.body(parts[2]);
        }
        HttpResponse r = target.call(req);
        assertThat(r.status()).as("status of " + call).isEqualTo(200);
        assertPlainUtf8(r, "a result of nothing");
        assertThat(r.bodyText()).as("body of " + call).isEqualTo("Success");
    }

    @ParameterizedTest(name = "[6.2.1] {0}")
    @ValueSource(strings = {"boom", "with spaces and: colons", "é€😀 unicode", "multi\nline"})
    @Clause(id = "6.2.1", level = MUST)
    @Tag("clause-6.2.1") @Tag("MUST")
    void must_6_2_1_failureIs500WithTheMessage(String message, TargetSession target) throws IOException {
        String body = "[" + JsonValues.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(message)) + "]";
        HttpResponse r = target.post("/fail", body);
        assertThat(r.status()).as("status of POST /fail " + body).isEqualTo(500);
        assertPlainUtf8(r, "a failure");
        assertThat(r.bodyText()).as("body of the 500: contains the error's message verbatim").contains(message);
    }

    @Test
    @Clause(id = "6.2.2", level = SHOULD)
    @Tag("clause-6.2.2") @Tag("SHOULD")
    void should_6_2_2_failureBodyIsATraceback(TargetSession target) throws IOException {
        HttpResponse r = target.post("/fail", "[\"traceback please\"]");
        assertThat(r.status()).as("status").isEqualTo(500);
        List<String> lines = Arrays.stream(r.bodyText().strip().split("\r?\n")).filter(l -> !l.isBlank()).toList();
        assertThat(r.bodyText()).as("the body has the message").contains("traceback please");
        // Every language's traceback has a line with the message (and type) and at least one stack frame.
        assertThat(lines.stream().filter(l -> !l.contains("traceback please")).count())
                .as("lines of the 500 body besides the message's (stack frames), in: %s", r.bodyText())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    @Clause(id = "6.2.3", level = MUST)
    @Tag("clause-6.2.3") @Tag("MUST")
    void must_6_2_3_failureLeavesTheConnectionUsable(TargetSession target) throws IOException {
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

    @ParameterizedTest(name = "[6.3.1] {0}")
    @ValueSource(strings = {"no-such-command", "listtabs", "Echo", "echo.", "x"})
    @Clause(id = "6.3.1", level = MUST)
    @Tag("clause-6.3.1") @Tag("MUST")
    void must_6_3_1_unknownCommandIs404NamingIt(String name, TargetSession target) throws IOException {
        HttpResponse r = target.get("/" + name);
        assertThat(r.status()).as("status of GET /" + name).isEqualTo(404);
        assertThat(r.mediaType()).as("media type of the 404").isEqualTo("text/plain");
        assertThat(r.bodyText()).as("body of the 404 names the command").contains(name);
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
    @Clause(id = "6.3.2", level = MUST)
    @Tag("clause-6.3.2") @Tag("MUST")
    void must_6_3_2_errorResponsesHaveAShortTextBody(String what, String request, TargetSession target)
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
    @Clause(id = "6.3.3", level = MUST_NOT)
    @Tag("clause-6.3.3") @Tag("MUST_NOT")
    void mustNot_6_3_3_clientMistakesAreNever5xx(String what, String request, TargetSession target)
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
