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
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;

/** Runs one vector against the target and checks its {@code expect} (format: fixtures/vectors/README.md). */
public final class VectorCheck {
    private VectorCheck() {
    }

    public static void run(Vector v, TargetSession target) throws IOException {
        JsonNode expect = v.expect();
        try (RawConnection c = target.connect(v.name())) {
            c.send(v.request());
            Optional<HttpResponse> maybe = c.readOrClose(v.isHead());
            while (maybe.isPresent() && maybe.get().isInterim()) {
                maybe = c.readOrClose(v.isHead());
            }
            if (maybe.isEmpty()) {
                assertThat(expect.path("orClose").asBoolean(false))
                        .as("the server closed the connection without a response (this vector requires one)").isTrue();
                return;
            }
            HttpResponse r = maybe.get();
            checkResponse(r, expect);
            if (expect.has("connection")) {
                String want = expect.get("connection").asText();
                if (want.equals("close")) {
                    c.assertClosedWithin(target.timeouts().within(), "this response");
                } else if (want.equals("open")) {
                    c.assertStaysOpen(target.timeouts().during(), "this response");
                } else {
                    throw new KitError(v.file() + " " + v.name() + ": expect.connection is \"open\" or \"close\"");
                }
            }
        }
    }

    /** The status, header and body checks of an {@code expect} object (not {@code connection}). */
    public static void checkResponse(HttpResponse r, JsonNode expect) {
        assertThat(r.status()).as("status (%s)", accepted(expect)).isIn(statuses(expect));
        if (expect.has("headers")) {
            checkHeaders(r, expect.get("headers"));
        }
        if (expect.has("body")) {
            checkBody(r, expect.get("body"));
        }
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
