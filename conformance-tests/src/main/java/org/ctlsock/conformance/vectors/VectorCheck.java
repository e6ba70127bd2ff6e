package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * Runs a vector against the target and judges what comes back by its {@code expect}: a shared vector
 * (fixtures/vectors/README.md) on a connection to the shared instance, or a vector of the malformed-input corpus
 * with its further responses, its half-close and the check that the server still serves afterwards.
 */
public final class VectorCheck {
    /**
     * Requests up to this size fit in the socket's buffers and are written at once; longer ones are
     * written by a helper thread while the kit reads, because a server may answer from the head (413,
     * 414, 431) and close without reading the rest.
     */
    private static final int WRITE_AT_ONCE = 64 * 1024;

    private VectorCheck() {
    }

    /** Runs one shared vector: its bytes, then its one response (or close) checked against {@code expect}. */
    public static void run(Vector v, TargetSession target) throws IOException {
        JsonNode expect = v.expect();
        requireJudgeableWithoutCommands(target, List.of(expect));
        try (RawConnection c = target.connect(v.name())) {
            c.send(v.request());
            Optional<HttpResponse> maybe = c.readFinalOrClose(v.isHead());
            if (maybe.isEmpty()) {
                assertThat(expect.path("orClose").asBoolean(false))
                        .as("the server closed the connection without a response (this vector requires one)").isTrue();
                return;
            }
            HttpResponse r = maybe.get();
            requireBodyReachedWithoutCommands(target, v, r);
            checkResponse(r, expect, v.request());
            checkConnection(c, expect, target, v);
        }
    }

    /**
     * Runs one vector of the malformed-input corpus (fixtures/vectors/malformed/README.md, "How a kit runs one
     * vector"): its bytes on a fresh connection, its responses checked in order, and then a normal request on a new
     * connection, so that a server that died or hangs fails the vector that did it.
     */
    public static void runCorpus(Vector v, TargetSession target) throws IOException {
        requireJudgeableWithoutCommands(target, v.expectations());
        // The path of the instance this vector is sent to: the check afterwards must reach the same one,
        // not a replacement that target.connect() would start if this one died.
        Path socket = target.socket();
        try (RawConnection c = target.connect(socket, v.name())) {
            CompletableFuture<Void> sent = send(c, v.request());
            List<JsonNode> expectations = v.expectations();
            boolean closed = false;
            boolean closeAnnounced = false;
            boolean halfClosePending = v.halfClose();
            for (int i = 0; i < expectations.size() && !closed; i++) {
                halfClosePending = halfClosePending && !halfCloseIfWaiting(c, target, sent);
                JsonNode expect = expectations.get(i);
                String which = i == 0 ? "the response" : "response " + (i + 1) + " (pipelined)";
                Optional<HttpResponse> r = c.readFinalOrClose(v.isHead());
                if (r.isEmpty() && i > 0 && closeAnnounced && !expect.path("orClose").asBoolean(false)) {
                    // RFC 9112 §9.6: after a response with Connection: close the server reads nothing more, so the
                    // rest of the pipeline, and what this vector is about, went unanswered by the server's right.
                    throw new NotApplicable(which + " was not sent: the previous response said `Connection: close` "
                            + "(RFC 9112 §9.6), so the rest of the pipeline could not be judged");
                }
                if (r.isEmpty()) {
                    assertThat(expect.path("orClose").asBoolean(false))
                            .as("%s: the server closed the connection without it (this vector requires a response "
                                    + "here; %s)", which, accepted(expect)).isTrue();
                    closed = true;
                    continue;
                }
                closeAnnounced = r.get().headerHasToken("Connection", "close");
                requireBodyReachedWithoutCommands(target, v, r.get());
                try {
                    checkResponse(r.get(), expect, v.request());
                } catch (AssertionError e) {
                    throw new AssertionError(which + ": " + e.getMessage(), e);
                }
                if (expect.has("connection")) {
                    checkConnection(c, expect, target, v);
                    closed = c.isPeerClosed();
                }
            }
            if (v.thenClosed() && !closed) {
                halfClosePending = halfClosePending && !halfCloseIfWaiting(c, target, sent);
                Optional<HttpResponse> extra = c.readFinalOrClose(v.isHead());
                assertThat(extra.map(x -> x.status() + " " + x.reason()))
                        .as("after the answer to the invalid framing, the server must close without answering the "
                                + "bytes that followed (4.3.4)").isEmpty();
            }
            sent.cancel(true);
        }
        checkStillServing(target, socket);
    }

    /**
     * Writes the request, on a helper thread when it is long. Never half-closes: that comes before each read, and
     * only once the whole request is written and the server has not begun to answer within {@code during} (see
     * {@link #halfCloseIfWaiting}), so a whole request is answered without the kit's EOF, long or short, and only a
     * cut-off one gets it (the note of 4.2: a half-close is 4.2.1's question, not every vector's).
     */
    private static CompletableFuture<Void> send(RawConnection c, byte[] request) {
        if (request.length <= WRITE_AT_ONCE) {
            writeTolerant(c, request, false);
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> writeTolerant(c, request, false));
    }

    /**
     * Writes a request and half-closes: the server then has everything it will ever get, so it must
     * answer or close instead of waiting. A server that closes before the end is tolerated (noted).
     */
    public static void sendAndHalfClose(RawConnection c, byte[] request) {
        writeTolerant(c, request, true);
    }

    /**
     * Before a read: half-closes if the whole request is written and the server has not begun to answer within
     * "during" (it waits for bytes that never come, e.g. a cut-off request or a partial one after a whole one); true
     * when it did or cannot any more. While a long request is still being written (up to "within": a server that
     * answers from the head may stop reading) nothing is half-closed: the request is not on the wire in full yet.
     */
    private static boolean halfCloseIfWaiting(RawConnection c, TargetSession target, CompletableFuture<Void> sent) {
        try {
            sent.get(target.timeouts().within().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWriting) {
            c.log().note("the kit is still writing the request: no half-close yet");
            return false;
        } catch (ExecutionException e) {
            // the writer notes its own failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        try {
            return c.shutdownOutputUnlessAnswered(target.timeouts().during());
        } catch (IOException e) {
            c.log().note("half-close failed (the server had closed already): " + e.getMessage());
            return true;
        }
    }

    /** Writes the request, and half-closes when asked unless the server stopped reading first. */
    private static void writeTolerant(RawConnection c, byte[] request, boolean halfClose) {
        if (c.sendTolerant(request) && halfClose) {
            try {
                c.shutdownOutput();
            } catch (IOException e) {
                c.log().note("half-close failed (the server had closed already): " + e.getMessage());
            }
        }
    }

    /**
     * A normal request on a new connection to {@code socket}: the server there survived and still serves
     * others (4.2.5, 4.3.5). Connects to that path directly, so a dead server is not replaced first.
     */
    public static void checkStillServing(TargetSession target, Path socket) {
        HttpResponse alive;
        try (RawConnection c = target.connect(socket, "a normal request afterwards, on a new connection")) {
            alive = c.exchange(target.servingRequest(Request.post("/echo", "[\"alive\"]")));
        } catch (IOException e) {
            throw new AssertionError("after this request the server no longer answers a normal request on a new "
                    + "connection: " + e, e);
        }
        target.assertServing(alive, "a normal request on a new connection afterwards");
        if (!target.claims(Capability.COMMANDS)) {
            return;
        }
        assertThat(alive.bodyText()).as("body of POST /echo [\"alive\"] on a new connection afterwards")
                .isEqualTo("[\"alive\"]");
    }

    /** {@code expect.connection}, when given: the server closes the connection after the response, or keeps it. */
    static void checkConnection(RawConnection c, JsonNode expect, TargetSession target, Vector v) throws IOException {
        if (!expect.has("connection")) {
            return;
        }
        switch (expect.get("connection").asText()) {
            case "close" -> c.assertClosedWithin(target.timeouts().within(), "this response");
            case "open" -> c.assertStaysOpen(target.timeouts().during(), "this response");
            default -> throw new KitError(v.file() + " " + v.name() + ": expect.connection is \"open\" or \"close\"");
        }
    }

    /**
     * The status, header and body checks of an {@code expect} object (not {@code connection}), for the vector whose
     * bytes were {@code request}: a 500 to a request aimed at {@code fail} that should have been refused is named for
     * what it is.
     */
    public static void checkResponse(HttpResponse r, JsonNode expect, byte[] request) {
        List<Integer> allowed = statuses(expect);
        if (!allowed.contains(r.status()) && r.status() == 500 && aimsAtFail(request)) {
            throw new AssertionError("status (" + accepted(expect) + ")\nExpected: " + allowed + "\nActual:   500 — "
                    + "the server accepted a malformed request and ran the command (500 from `fail`)");
        }
        assertThat(r.status()).as("status (%s)", accepted(expect)).isIn(allowed);
        if (expect.has("headers")) {
            checkHeaders(r, expect.get("headers"));
        }
        if (expect.has("body")) {
            checkBody(r, expect.get("body"));
        }
    }

    /** Whether the request line names the command {@code fail} (the corpus aims malformed requests at it). */
    static boolean aimsAtFail(byte[] request) {
        String head = new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1);
        int sp = head.indexOf(' ');
        return sp >= 0 && head.startsWith("/fail", sp + 1);
    }

    /**
     * The socket profile (spec 8.5): a vector one of whose accepted answers is a command's result (a 2xx, or the
     * 500 of a command that failed) needs the conformance commands; N/A without them.
     */
    public static void requireJudgeableWithoutCommands(TargetSession target, List<JsonNode> expectations) {
        // requireCommands is N/A only for a target without the commands.
        expectations.stream().flatMap(e -> statuses(e).stream()).filter(s -> s < 300 || s == 500).findFirst()
                .ifPresent(s -> target.requireCommands("this vector accepts " + s + ", an answer only a command "
                        + "gives"));
    }

    /**
     * The socket profile (spec 8.5): a server may refuse a path it does not serve from the head (404, 405) without
     * reading the body, so a vector about the body's framing (4.3.4) answered so never reached what it tests.
     */
    public static void requireBodyReachedWithoutCommands(TargetSession target, Vector v, HttpResponse r) {
        if (!target.claims(Capability.COMMANDS) && isAboutTheBody(v) && (r.status() == 404 || r.status() == 405)) {
            target.requireCommands("the server answered " + r.status() + " from the head (it serves no such path), "
                    + "so this vector's body framing was never read");
        }
    }

    /**
     * A vector whose head is whole and whose fault lies in the body: the body-framing clause 4.3.4, and the
     * corpus files of bodies and of requests cut off (fixtures/vectors/malformed/README.md) once the head is sent.
     */
    private static boolean isAboutTheBody(Vector v) {
        boolean headWhole = new String(v.request(), StandardCharsets.ISO_8859_1).contains("\r\n\r\n");
        return headWhole && (v.clause().equals("4.3.4") || v.file().endsWith("bodies.json")
                || v.file().endsWith("cut-off.json"));
    }

    /** The statuses an {@code expect} object allows. */
    public static List<Integer> statuses(JsonNode expect) {
        JsonNode status = expect.path("status");
        return (status.isArray() ? status.valueStream() : Stream.of(status).filter(s -> !s.isMissingNode()))
                .map(JsonNode::asInt).toList();
    }

    /** Everything an {@code expect} object accepts, for a failure line: {@code accepted: 400, 408 or a close}. */
    public static String accepted(JsonNode expect) {
        List<String> all = new ArrayList<>(statuses(expect).stream().map(String::valueOf).toList());
        if (expect.path("orClose").asBoolean(false)) {
            all.add("a close without a response");
        }
        return "accepted: " + (all.size() == 1 ? all.get(0)
                : String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1));
    }

    private static void checkHeaders(HttpResponse r, JsonNode headers) {
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
            String name = e.getKey();
            JsonNode want = e.getValue();
            Optional<String> got = r.header(name);
            if (want.isTextual()) {
                assertThat(got).as("header " + name).contains(want.asText());
            } else if (want.isBoolean()) {
                assertThat(got.isPresent()).as("header " + name + " present").isEqualTo(want.asBoolean());
            } else if (want.has("mediaType")) {
                assertThat(got).as("header " + name).isPresent();
                assertThat(r.mediaType()).as("media type of " + name).isEqualTo(want.get("mediaType").asText());
                if (want.has("charset")) {
                    assertThat(r.charset()).as("charset of " + name).contains(want.get("charset").asText());
                }
            } else if (want.has("tokens")) {
                Set<String> tokens = r.headers(name).stream().flatMap(v -> Arrays.stream(v.split(",")))
                        .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
                Set<String> expected = new TreeSet<>();
                want.get("tokens").forEach(t -> expected.add(t.asText()));
                assertThat(tokens).as("tokens of header " + name).isEqualTo(expected);
            } else if (want.has("contains")) {
                assertThat(got).as("header " + name).isPresent();
                assertThat(got.get()).as("header " + name).contains(want.get("contains").asText());
            } else {
                throw new KitError("unknown header check for " + name + ": " + want);
            }
        }
    }

    private static void checkBody(HttpResponse r, JsonNode body) {
        if (body.has("text")) {
            assertThat(r.bodyText()).as("body").isEqualTo(body.get("text").asText());
        }
        if (body.has("json")) {
            JsonNode actual = JsonValues.parse(r.body());
            assertThat(JsonValues.sameValue(actual, body.get("json"))).as("body as JSON: Expected (by value) %s, "
                    + "Actual %s", body.get("json"), r.bodyText()).isTrue();
        }
        body.path("contains").forEach(s -> assertThat(r.bodyText()).as("body").contains(s.asText()));
        body.path("notContains").forEach(s -> assertThat(r.bodyText()).as("body").doesNotContain(s.asText()));
        if (body.has("empty")) {
            if (body.get("empty").asBoolean()) {
                assertThat(r.body()).as("body").isEmpty();
            } else {
                assertThat(r.bodyText().strip()).as("body").isNotEmpty();
            }
        }
        for (Map.Entry<String, JsonNode> m : body.properties()) {
            if (!Set.of("text", "json", "contains", "notContains", "empty").contains(m.getKey())) {
                throw new KitError("unknown body check \"" + m.getKey() + "\"");
            }
        }
    }
}
