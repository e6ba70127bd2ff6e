package org.ctlsock.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;

/** Runs one vector against the target and checks its {@code expect} (format: fixtures/vectors/README.md). */
public final class VectorCheck {
    private VectorCheck() {
    }

    public static void run(Vector v, TargetSession target) throws IOException {
        JsonNode expect = v.expect();
        requireJudgeableWithoutCommands(target, List.of(expect));
        try (RawConnection c = target.connect(v.name())) {
            c.send(v.request());
            Optional<HttpResponse> maybe = readFinalOrClose(c, v.isHead());
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

    /** The next final response (interim 1xx ones skipped), or empty when the server closed instead. */
    static Optional<HttpResponse> readFinalOrClose(RawConnection c, boolean head) throws IOException {
        Optional<HttpResponse> r = c.readOrClose(head);
        while (r.isPresent() && r.get().isInterim()) {
            r = c.readOrClose(head);
        }
        return r;
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

    /** The status, header and body checks of an {@code expect} object (not {@code connection}). */
    public static void checkResponse(HttpResponse r, JsonNode expect) {
        checkResponse(r, expect, new byte[0]);
    }

    /**
     * As {@link #checkResponse(HttpResponse, JsonNode)}, for the vector whose bytes were {@code request}: a 500 to a
     * request aimed at {@code fail} that should have been refused is named for what it is.
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
        String head = new String(request, 0, Math.min(request.length, 200), java.nio.charset.StandardCharsets.ISO_8859_1);
        int sp = head.indexOf(' ');
        return sp >= 0 && head.startsWith("/fail", sp + 1);
    }

    /**
     * The socket profile (spec 8.5): a vector one of whose accepted answers is a command's result (a 2xx, or the
     * 500 of a command that failed) needs the conformance commands; N/A without them.
     */
    public static void requireJudgeableWithoutCommands(TargetSession target, List<JsonNode> expectations) {
        if (target.claims(Capability.COMMANDS)) {
            return;
        }
        for (JsonNode e : expectations) {
            for (int status : statuses(e)) {
                if (status < 300 || status == 500) {
                    target.requireCommands("this vector accepts " + status + ", an answer only a command gives");
                }
            }
        }
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
        boolean headWhole = new String(v.request(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("\r\n\r\n");
        return headWhole && (v.clause().equals("4.3.4") || v.file().endsWith("bodies.json")
                || v.file().endsWith("cut-off.json"));
    }

    /** The statuses an {@code expect} object allows. */
    public static List<Integer> statuses(JsonNode expect) {
        List<Integer> allowed = new ArrayList<>();
        JsonNode status = expect.path("status");
        if (status.isArray()) {
            status.forEach(s -> allowed.add(s.asInt()));
        } else if (!status.isMissingNode()) {
            allowed.add(status.asInt());
        }
        return allowed;
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
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
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
        if (body.has("contains")) {
            for (JsonNode s : body.get("contains")) {
                assertThat(r.bodyText()).as("body").contains(s.asText());
            }
        }
        if (body.has("notContains")) {
            for (JsonNode s : body.get("notContains")) {
                assertThat(r.bodyText()).as("body").doesNotContain(s.asText());
            }
        }
        if (body.has("empty")) {
            if (body.get("empty").asBoolean()) {
                assertThat(r.body()).as("body").isEmpty();
            } else {
                assertThat(r.bodyText().strip()).as("body").isNotEmpty();
            }
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String m = it.next();
            if (!Set.of("text", "json", "contains", "notContains", "empty").contains(m)) {
                throw new KitError("unknown body check \"" + m + "\"");
            }
        }
    }
}
