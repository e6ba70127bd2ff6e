package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec 5.3: arguments are one JSON array in UTF-8; empty bodies, values, numbers, errors, nesting. */
@ConformanceTest
class Section5_3_ArgumentsTest {

    /** Asserts that echo answered 200 with a JSON body equal in value to {@code sent}. */
    static void assertEchoes(HttpResponse r, String sent, String what) {
        assertThat(r.status()).as("status of POST /echo " + what).isEqualTo(200);
        JsonNode expected = JsonValues.parse(sent);
        JsonNode actual = JsonValues.parse(r.body());
        assertThat(JsonValues.sameValue(actual, expected))
                .as("echo of %s: Expected (by value) %s, Actual %s", what, JsonValues.write(expected), r.bodyText())
                .isTrue();
    }

    @Test
    @Clause("5.3.1")
    void emptyBodyMeansNoArguments(TargetSession target) throws IOException {
        try (RawConnection c = target.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readFinal().bodyText()).as("POST /echo with no body and no length").isEqualTo("[]");
            assertThat(c.exchange(Request.post("/echo", "")).bodyText()).as("POST /echo with Content-Length: 0")
                    .isEqualTo("[]");
            assertThat(c.exchange(Request.post("/echo").chunked(List.of())).bodyText())
                    .as("POST /echo with a chunked body of no bytes").isEqualTo("[]");
        }
    }

    static Stream<Arguments> jsonValues() {
        return Stream.of(
                Arguments.of("strings", "[\"a\",\"\",\"with space\"]"),
                Arguments.of("escapes", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"),
                Arguments.of("NUL, escaped", "[\"a\\u0000b\"]"),
                Arguments.of("BMP characters raw", "[\"é€中\"]"),
                Arguments.of("an astral character raw", "[\"😀\"]"),
                Arguments.of("an astral character as a surrogate-pair escape", "[\"\\ud83d\\ude00\"]"),
                Arguments.of("literals", "[true,false,null]"),
                Arguments.of("nested arrays and objects", "[[1,[2,[3]]],{\"k\":{\"n\":[{}]}},[],{}]"),
                Arguments.of("object member order and odd keys", "[{\"b\":1,\"a\":2,\"\":3,\"😀\":4}]"),
                Arguments.of("whitespace around and inside", " \t\r\n[ \"a\" ,\n1 ]\r\n "),
                Arguments.of("numbers", "[0,-1,1.5,-0.25,1e3,2E-3,1.0]"));
    }

    @ParameterizedTest(name = "[5.3.2] {0}")
    @MethodSource("jsonValues")
    @Clause("5.3.2")
    void argumentsReachTheCommandUnchanged(String what, String body, TargetSession target)
            throws IOException {
        assertEchoes(target.post("/echo", body), body, what);
    }

    /** Either is allowed (5.3.2): {@code -0.0} may come back as {@code -0.0}, {@code -0} or {@code 0}, never as 1. */
    @Test
    @Clause("5.3.2")
    void negativeZeroComesBackAsAZero(TargetSession target) throws IOException {
        HttpResponse r = target.post("/echo", "[-0.0,1.0,-0]");
        assertThat(r.status()).as("status of POST /echo [-0.0,1.0,-0]").isEqualTo(200);
        JsonNode back = JsonValues.parse(r.body());
        assertThat(back.isArray() && back.size() == 3 && back.get(0).isNumber() && back.get(2).isNumber()
                && back.get(0).decimalValue().signum() == 0 && back.get(2).decimalValue().signum() == 0)
                .as("POST /echo [-0.0,1.0,-0] answers three numbers whose first and last are a zero (0, -0, 0.0 or "
                        + "-0.0 are all allowed), Actual %s", r.bodyText()).isTrue();
        assertThat(back.get(1).decimalValue().compareTo(java.math.BigDecimal.ONE)).as("1.0 comes back as one "
                + "(1 or 1.0), Actual %s", back.get(1)).isZero();
    }

    /**
     * 5.3.7: a lone surrogate escape is refused (400) or reaches echo kept or as U+FFFD; the answer is never 5xx,
     * and a 200 body is valid UTF-8 that parses to one of the two strings.
     */
    @ParameterizedTest(name = "[5.3.7] {0}")
    @ValueSource(strings = {"[\"\\ud800\"]", "[\"a\\udc00b\"]", "[\"\\ude00\\ud83d\"]"})
    @Clause("5.3.7")
    void loneSurrogateIsRefusedOrKeptOrReplaced(String body, TargetSession target) throws IOException {
        HttpResponse r = target.post("/echo", body);
        assertThat(r.status()).as("status of POST /echo %s (400, or 200 with the string kept or replaced)", body)
                .isIn(200, 400);
        if (r.status() != 200) {
            return; // refused as invalid: the reading the clause allows first
        }
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            utf8.decode(java.nio.ByteBuffer.wrap(r.body()));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("Expected: a 200 body that is valid UTF-8 (a kept surrogate written as its "
                    + "escape)\nActual: " + java.util.HexFormat.ofDelimiter(" ").formatHex(r.body()));
        }
        JsonNode sent = JsonValues.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(0);
        String kept = sent.textValue();
        StringBuilder replaced = new StringBuilder();
        kept.chars().forEach(c -> replaced.append(Character.isSurrogate((char) c) ? '\ufffd' : (char) c));
        JsonNode back = JsonValues.parse(r.body());
        assertThat(back.isArray() && back.size() == 1 && back.get(0).isTextual()
                && (back.get(0).textValue().equals(kept) || back.get(0).textValue().equals(replaced.toString())))
                .as("POST /echo %s answers the string with its surrogate kept or replaced by U+FFFD, Actual %s", body,
                        r.bodyText()).isTrue();
    }

    @Test
    @Clause("5.3.2")
    void stringArgumentReachesTheCommandByteForByte(TargetSession target) throws IOException {
        HttpResponse r = target.post("/text", "[\"a\\u0000b\\u00e9\\ud83d\\ude00\\n\"]");
        assertThat(r.status()).as("status").isEqualTo(200);
        assertThat(r.body()).as("UTF-8 bytes of the string argument, as text returns them")
                .isEqualTo("a\0bé😀\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[5.3.3] {0}")
    @ValueSource(strings = {"9007199254740991", "-9007199254740991", "0", "-0", "4503599627370495.5",
        "1.7976931348623157e308", "-1.7976931348623157e308", "5e-324", "2.2250738585072014E-308", "0.1",
        "123456789.123456789", "1e22", "-0.0"})
    @Clause("5.3.3")
    void numbersKeepTheirExactValue(String number, TargetSession target) throws IOException {
        String body = "[" + number + "]";
        assertEchoes(target.post("/echo", body), body, number);
    }

    @ParameterizedTest(name = "[5.3.3] {0}")
    @ValueSource(strings = {"9007199254740993", "-9007199254740993", "123456789012345678901234567890", "1e400",
        "-1e400", "1e-400", "0.1234567890123456789012345678901234567890", "100000000000000000000000000000000000000000000000000000000000"})
    @Clause("5.3.3")
    void numbersOutOfRangeNeverGive5xx(String number, TargetSession target) throws IOException {
        HttpResponse r = target.post("/echo", "[" + number + "]");
        assertThat(r.status()).as("status of POST /echo [" + number + "] (may lose precision, must not be 5xx)")
                .isLessThan(500);
        HttpResponse after = target.post("/echo", "[1]");
        assertThat(after.bodyText()).as("the server still answers after " + number).isEqualTo("[1]");
    }

    @Test
    @Clause("5.3.6")
    void acceptsNestingOf32Levels(TargetSession target) throws IOException {
        String arrays = "[".repeat(32) + "1" + "]".repeat(32);
        assertEchoes(target.post("/echo", arrays), arrays, "arrays nested 32 levels deep (the body included)");
        StringBuilder objects = new StringBuilder("[");
        for (int i = 0; i < 31; i++) {
            objects.append("{\"k\":");
        }
        objects.append("1").append("}".repeat(31)).append("]");
        assertEchoes(target.post("/echo", objects.toString()), objects.toString(), "objects nested 32 levels deep");
    }

    @ParameterizedTest(name = "[5.3.6] {0} levels")
    @ValueSource(ints = {33, 100, 1000, 100000})
    @Clause("5.3.6")
    void deeperNestingIsAcceptedOr400(int depth, TargetSession target) throws IOException {
        for (String body : new String[] {"[".repeat(depth) + "]".repeat(depth),
            "[" + "{\"a\":".repeat(depth - 1) + "1" + "}".repeat(depth - 1) + "]"}) {
            HttpResponse r = target.post("/echo", body);
            assertThat(r.status()).as("status for nesting " + depth + " deep (200 or 400, never 5xx)").isIn(200, 400);
            if (r.status() == 200 && depth <= 1000) {
                assertEchoes(r, body, "nesting " + depth + " deep");
            } else if (r.status() == 200) {
                // Too deep for the kit's own tree parser: compare the text without whitespace.
                assertThat(r.bodyText().replaceAll("\\s", "")).as("echo of nesting " + depth + " deep")
                        .isEqualTo(body);
            }
        }
        assertThat(target.post("/echo", "[1]").bodyText()).as("the server still answers").isEqualTo("[1]");
    }

    /**
     * Beyond the double's range a number comes back as itself, rounded to the nearest finite double, or is
     * refused with 400 (5.3.8: either reading; {@code OutOfRangeNumberTest} shows each passes), never as
     * {@code Infinity} or 5xx.
     */
    @ParameterizedTest(name = "[5.3.8] {0}")
    @ValueSource(strings = {"1e400", "-1e400", "1e999999", "-1e999999", "1e-400", "-1e-400"})
    @Clause("5.3.8")
    void numberBeyondDoublesIsKeptRoundedOrRefused(String number, TargetSession target) throws IOException {
        HttpResponse r = target.post("/echo", "[" + number + "]");
        java.util.Optional<String> wrong = OutOfRangeNumber.violation(number, r);
        assertThat(wrong).as("Expected: POST /echo [%s] answered 400, or 200 with [%s] or the nearest finite double%n"
                + "Actual:   %s", number, number, wrong.orElse("")).isEmpty();
    }

    /**
     * Variation rule 4 (HARNESS.md), numbers at their edges: doubles that need all 17 significant digits to be
     * written back as themselves (a server that prints 15, as {@code %.15g} does, turns them into other doubles).
     */
    @ParameterizedTest(name = "[5.3.3] {0}")
    @ValueSource(strings = {"0.30000000000000004", "1.0000000000000002", "0.020000000000000004",
        "9007199254740.993", "-2.2250738585072009e-308", "123456.78901234567"})
    @Clause("5.3.3")
    void doublesThatNeedSeventeenDigitsKeepTheirValue(String number, TargetSession target) throws IOException {
        String body = "[" + number + "]";
        assertEchoes(target.post("/echo", body), body, number);
    }

    /**
     * Variation rule 4 (HARNESS.md), numbers at their edges: integers just beyond 64 bits may lose precision
     * (5.3.3), but they stay numbers of their sign and size (the non-normative note on 5.3.3: they "keep their
     * magnitude and may only lose digits"); a server that stores them in a wrapping 64-bit integer turns 2^64 into
     * 0 and 2^63 into -2^63. The check is the weakest reading of "magnitude": the same sign, and off by less than
     * half of the number.
     */
    @ParameterizedTest(name = "[5.3.3] {0}")
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "18446744073709551617", "-18446744073709551616", "36893488147419103232"})
    @Clause("5.3.3")
    void integersBeyondSixtyFourBitsKeepTheirMagnitude(String number, TargetSession target) throws IOException {
        HttpResponse r = target.post("/echo", "[" + number + "]");
        assertThat(r.status()).as("status of POST /echo [%s]", number).isEqualTo(200);
        JsonNode echoed = JsonValues.parse(r.body());
        assertThat(echoed.isArray() && echoed.size() == 1 && echoed.get(0).isNumber())
                .as("POST /echo [%s] answers an array of one number, Actual %s", number, r.bodyText()).isTrue();
        java.math.BigDecimal sent = new java.math.BigDecimal(number);
        java.math.BigDecimal back = echoed.get(0).decimalValue();
        boolean sameMagnitude = back.signum() == sent.signum()
                && back.subtract(sent).abs().multiply(java.math.BigDecimal.valueOf(2)).compareTo(sent.abs()) < 0;
        assertThat(sameMagnitude).as("Expected: POST /echo [%s] comes back as that number, perhaps with fewer "
                + "digits (same sign, off by less than half)%nActual: %s", number, r.bodyText()).isTrue();
    }
}
