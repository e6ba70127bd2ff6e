package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MUST;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Combinators;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.Request;

/**
 * Spec 5.2 and 5.3 as properties over their whole spaces: any JSON array round-trips through echo,
 * any name that is no command is 404, any bytes as a body are 200 or 400 and never hurt the server.
 * Tries: {@code -Dctlsock.tries} (default 100); a failure prints the seed to replay it.
 */
@ConformanceTest
class Section5_ArgumentProperties {
    private static final long MAX_SAFE = (1L << 53) - 1;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper RAW_UTF8 = new ObjectMapper();
    private static final ObjectMapper ESCAPED = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final Set<String> COMMANDS = Set.of("echo", "echo-post", "fail", "nothing", "text", "value",
            "sleep", "whoami");

    // ---- any JSON array round-trips through echo ----------------------------------------------

    @Property
    @Clause(id = "5.3.2", level = MUST)
    @Tag("clause-5.3.2") @Tag("MUST")
    void must_5_3_2_anyJsonArrayRoundTripsThroughEcho(@ForAll("jsonArrays") ArrayNode args,
            @ForAll boolean escapeNonAscii, TargetSession target) throws IOException {
        String body = (escapeNonAscii ? ESCAPED : RAW_UTF8).writeValueAsString(args);
        HttpResponse r = target.post("/echo", body);
        assertThat(r.status()).as("status of POST /echo %s", body).isEqualTo(200);
        assertThat(r.mediaType()).as("media type of echo's answer").isEqualTo("application/json");
        JsonNode back = JsonValues.parse(r.body());
        assertThat(JsonValues.sameValue(back, args))
                .as("echo of %s: Expected (by value) the same array, Actual %s", body, r.bodyText()).isTrue();
    }

    @Provide
    Arbitrary<ArrayNode> jsonArrays() {
        return value(3).list().ofMaxSize(6).map(list -> {
            ArrayNode a = NODES.arrayNode();
            list.forEach(a::add);
            return a;
        });
    }

    private Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                strings().map(NODES::textNode),
                Arbitraries.longs().between(-MAX_SAFE, MAX_SAFE).map(NODES::numberNode),
                Arbitraries.longs().between(-1000, 1000).map(NODES::numberNode),
                Arbitraries.doubles().filter(Double::isFinite).map(NODES::numberNode),
                Arbitraries.of(Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 0.1, 1e-7,
                        1e21, 5e-324).map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> value(depth - 1));
        Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(list -> {
            ArrayNode a = NODES.arrayNode();
            list.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Combinators.combine(strings().list().ofMaxSize(4), child.list().ofSize(4))
                .as((keys, values) -> {
                    ObjectNode o = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return (JsonNode) o;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(1, object));
    }

    /** Strings of Unicode scalar values: ASCII, controls and NUL, BMP, astral; empty too. */
    private static Arbitrary<String> strings() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x00, 0x1f)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0, (int) '"', (int) '\\', 0x7f, 0x2028, 0xfeff, 0x1f600)));
        return codePoint.list().ofMaxSize(12).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    // ---- any name that is not a command gives 404 --------------------------------------------

    @Property
    @Clause(id = "5.2.6", level = MUST)
    @Tag("clause-5.2.6") @Tag("MUST")
    void must_5_2_6_anyNameThatIsNoCommandIs404(@ForAll("unknownNames") String name, @ForAll("readMethods") String method,
            TargetSession target) throws IOException {
        Request req = Request.method(method, "/" + name);
        if (method.equals("POST")) {
            req.body("[\"ran\"]");
        }
        HttpResponse r = target.call(req);
        assertThat(r.status()).as("status of %s /%s", method, name).isEqualTo(404);
    }

    @Provide
    Arbitrary<String> unknownNames() {
        return Arbitraries.strings().withChars("ABCXYZabcxyz0189._-").ofMinLength(1).ofMaxLength(64)
                .filter(n -> !n.startsWith(".") && !COMMANDS.contains(n));
    }

    @Provide
    Arbitrary<String> readMethods() {
        return Arbitraries.of("GET", "HEAD", "POST");
    }

    // ---- any bytes as a body: 200 or 400, never 5xx, never a dead server ------------------------

    @Property
    @Clause(id = "5.3.4", level = MUST)
    @Tag("clause-5.3.4") @Tag("MUST")
    void must_5_3_4_anyBytesAsABodyGive200Or400(@ForAll("bodies") byte[] body, TargetSession target)
            throws IOException {
        HttpResponse r = target.call(Request.post("/echo").body(body));
        String shown = org.ctlsock.conformance.wire.WireLog.escape(body, 0, body.length);
        assertThat(r.status()).as("status of POST /echo with the body %s", shown).isIn(200, 400);
        // Where the kit can tell for sure what the body is, it checks the exact answer too.
        switch (classify(body)) {
            case ARRAY -> {
                assertThat(r.status()).as("status for the JSON array %s", shown).isEqualTo(200);
                assertThat(JsonValues.sameValue(JsonValues.parse(r.body()), JsonValues.parse(body)))
                        .as("echo of %s: Actual %s", shown, r.bodyText()).isTrue();
            }
            case NOT_AN_ARRAY -> assertThat(r.status()).as("status for %s, which is not a JSON array in UTF-8", shown)
                    .isEqualTo(400);
            case UNSURE -> {
                // Byte-order marks and lone surrogate escapes: the spec leaves them open.
            }
        }
        HttpResponse after = target.post("/echo", "[\"alive\"]");
        assertThat(after.bodyText()).as("the server answers the next request").isEqualTo("[\"alive\"]");
    }

    private enum BodyKind { ARRAY, NOT_AN_ARRAY, UNSURE }

    private static BodyKind classify(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00ef\u00bb\u00bf") || text.matches("(?s).*\\\\u[dD][89a-fA-F].*")) {
            return BodyKind.UNSURE;
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            return BodyKind.NOT_AN_ARRAY;
        }
        if (body.length == 0 || text.isBlank()) {
            return BodyKind.UNSURE; // empty means no arguments (5.3.1); whitespace only is for 5.3.4's examples
        }
        try {
            return JsonValues.parse(body).isArray() ? BodyKind.ARRAY : BodyKind.NOT_AN_ARRAY;
        } catch (AssertionError notJson) {
            return BodyKind.NOT_AN_ARRAY;
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.of("[\"a\",1]", "[{\"k\":[true,null]}]", "[]", "[1.5e3,\"é😀\"]", "{\"k\":1}", "\"s\"",
                        "1", "null", "{}", "[\"\\u0000\"]"),
                Arbitraries.integers().between(0, 1000), Arbitraries.bytes(), Arbitraries.of(true, false))
                .as((json, at, b, mutate) -> {
                    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    if (mutate) {
                        bytes[at % bytes.length] = b;
                    }
                    return bytes;
                });
        Arbitrary<byte[]> truncated = Arbitraries.of("[\"a\",{\"b\":[1,2,{\"c\":null}]}]")
                .flatMap(json -> Arbitraries.integers().between(0, json.length()).map(n ->
                        json.substring(0, n).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(random, mutated, truncated);
    }

    static List<String> commandNames() {
        return List.copyOf(COMMANDS);
    }
}
