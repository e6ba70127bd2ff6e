package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.ctlsock.conformance.PropertyCheck;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.Request;
import org.ctlsock.conformance.wire.WireLog;

/**
 * Spec 5.2 and 5.3 as properties over their whole spaces: any JSON array round-trips through echo,
 * any name that is no command is 404, any bytes as a body are 200 or 400 and never hurt the server.
 * Tries: {@code -Dctlsock.tries} / {@code --tries} (default 100); a failure shows the smallest failing input
 * and the seed that replays it ({@code -Dctlsock.seed} / {@code --seed}).
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

    /** An array and how it is written: raw UTF-8, or every non-ASCII character escaped. */
    record EchoBody(ArrayNode args, boolean escapeNonAscii) {
        String text() {
            try {
                return (escapeNonAscii ? ESCAPED : RAW_UTF8).writeValueAsString(args);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return text();
        }
    }

    @Test
    @Clause("5.3.2")
    void anyJsonArrayRoundTripsThroughEcho(PropertyCheck property, TargetSession target) {
        property.forAll(jsonArrays().zip(SourceDSL.booleans().all(), EchoBody::new), echo -> {
            String body = echo.text();
            HttpResponse r = target.post("/echo", body);
            assertThat(r.status()).as("status of POST /echo %s", body).isEqualTo(200);
            assertThat(r.mediaType()).as("media type of echo's answer").isEqualTo("application/json");
            JsonNode back = JsonValues.parse(r.body());
            assertThat(JsonValues.sameValue(back, echo.args()))
                    .as("echo of %s: Expected (by value) the same array, Actual %s", body, r.bodyText()).isTrue();
        });
    }

    private static Gen<ArrayNode> jsonArrays() {
        return SourceDSL.lists().of(value(3)).ofSizeBetween(0, 6).map(Section5_ArgumentProperties::array);
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode a = NODES.arrayNode();
        items.forEach(a::add);
        return a;
    }

    private static Gen<JsonNode> value(int depth) {
        Gen<JsonNode> leaf = Generate.oneOf(
                strings().map(NODES::textNode),
                SourceDSL.longs().between(-MAX_SAFE, MAX_SAFE).map(NODES::numberNode),
                SourceDSL.longs().between(-1000, 1000).map(NODES::numberNode),
                SourceDSL.doubles().any().map(d -> NODES.numberNode(Double.isFinite(d) ? d : 0.0)),
                Generate.pick(List.of(Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 0.1,
                        1e-7, 1e21, 5e-324)).map(NODES::numberNode),
                Generate.pick(List.<JsonNode>of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode())));
        if (depth == 0) {
            return leaf;
        }
        Gen<JsonNode> child = in -> value(depth - 1).generate(in);
        Gen<JsonNode> array = SourceDSL.lists().of(child).ofSizeBetween(0, 4).map(l -> (JsonNode) array(l));
        Gen<JsonNode> object = SourceDSL.lists().of(strings()).ofSizeBetween(0, 4)
                .zip(SourceDSL.lists().of(child).ofSize(4), (keys, values) -> {
                    ObjectNode o = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return (JsonNode) o;
                });
        return Generate.frequency(List.of(Pair.of(4, leaf), Pair.of(1, array), Pair.of(1, object)));
    }

    /** Strings of Unicode scalar values: ASCII, controls and NUL, BMP, astral; empty too. */
    private static Gen<String> strings() {
        Gen<Integer> codePoint = Generate.frequency(List.of(
                Pair.of(5, Generate.range(0x20, 0x7e)),
                Pair.of(2, Generate.range(0x00, 0x1f)),
                Pair.of(2, Generate.range(0x80, 0xd7ff)),
                Pair.of(1, Generate.range(0xe000, 0xfffd)),
                Pair.of(2, Generate.range(0x10000, 0x10ffff)),
                Pair.of(1, Generate.pick(List.of(0, (int) '"', (int) '\\', 0x7f, 0x2028, 0xfeff, 0x1f600)))));
        return SourceDSL.lists().of(codePoint).ofSizeBetween(0, 12).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    // ---- any name that is not a command gives 404 --------------------------------------------

    /** A request for a name that is no command. */
    record UnknownName(String method, String name) {
        @Override
        public String toString() {
            return method + " /" + name;
        }
    }

    @Test
    @Clause("5.2.6")
    void anyNameThatIsNoCommandIs404(PropertyCheck property, TargetSession target) {
        property.forAll(Generate.pick(List.of("GET", "HEAD", "POST")).zip(unknownNames(), UnknownName::new), u -> {
            Request req = Request.method(u.method(), "/" + u.name());
            if (u.method().equals("POST")) {
                req.body("[\"ran\"]");
            }
            HttpResponse r = target.call(req);
            assertThat(r.status()).as("status of %s", u).isEqualTo(404);
        });
    }

    private static Gen<String> unknownNames() {
        String chars = "ABCXYZabcxyz0189._-";
        return SourceDSL.lists().of(Generate.pick(chars.chars().mapToObj(c -> (char) c).toList())).ofSizeBetween(1, 64)
                .map(cs -> {
                    StringBuilder sb = new StringBuilder();
                    cs.forEach(sb::append);
                    return sb.charAt(0) == '.' ? "x" + sb.substring(1) : sb.toString(); // "." and ".." are no names
                })
                .assuming(n -> !COMMANDS.contains(n));
    }

    // ---- any bytes as a body: 200 or 400, never 5xx, never a dead server ------------------------

    @Test
    @Clause("5.3.4")
    void anyBytesAsABodyGive200Or400(PropertyCheck property, TargetSession target) {
        property.forAll(bodies(), body -> bodyGives200Or400(body, target));
    }

    private static void bodyGives200Or400(byte[] body, TargetSession target) throws IOException {
        HttpResponse r = target.call(Request.post("/echo").body(body));
        String shown = WireLog.escape(body, 0, body.length);
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
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00ef\u00bb\u00bf") || text.matches("(?s).*\\\\u[dD][89a-fA-F].*")) {
            return BodyKind.UNSURE;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
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

    private static Gen<byte[]> bodies() {
        Gen<byte[]> random = Generate.byteArrays(Generate.range(0, 64),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        Gen<byte[]> mutated = Generate.pick(List.of("[\"a\",1]", "[{\"k\":[true,null]}]", "[]", "[1.5e3,\"é😀\"]",
                        "{\"k\":1}", "\"s\"", "1", "null", "{}", "[\"\\u0000\"]"))
                .zip(Generate.range(0, 1000), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0),
                        SourceDSL.booleans().all(), (json, at, b, mutate) -> {
                            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                            if (mutate) {
                                bytes[at % bytes.length] = b;
                            }
                            return bytes;
                        });
        String nested = "[\"a\",{\"b\":[1,2,{\"c\":null}]}]";
        Gen<byte[]> truncated = Generate.range(0, nested.length())
                .map(n -> nested.substring(0, n).getBytes(StandardCharsets.UTF_8));
        return Generate.oneOf(random, mutated, truncated).describedAs(b -> WireLog.escape(b, 0, b.length));
    }

    static List<String> commandNames() {
        return List.copyOf(COMMANDS);
    }
}
