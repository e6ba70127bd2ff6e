package org.ctlsock.conformance.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * JSON as the spec compares it: by value. Numbers are equal when they denote the same number
 * ({@code 1}, {@code 1.0} and {@code 1e0} are one value), objects regardless of member order, and
 * the parse is strict (no trailing tokens, no duplicate members).
 */
public final class JsonValues {
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(10_000).maxStringLength(64 * 1024 * 1024).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private JsonValues() {
    }

    /** Parses one JSON text; throws an AssertionError that quotes the text when it is not JSON. */
    public static JsonNode parse(byte[] utf8) {
        try {
            return STRICT.readTree(utf8);
        } catch (IOException e) {
            throw new AssertionError("expected one JSON text, got \""
                    + new String(utf8, java.nio.charset.StandardCharsets.UTF_8) + "\": " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(String text) {
        return parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static String write(JsonNode node) {
        try {
            return STRICT.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether two JSON values are the same value: Jackson's structural comparison (arrays in order, objects by
     * members, whatever their order), with numbers compared by {@link #sameNumber}.
     */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> (x.isNumber() && y.isNumber() ? sameNumber(x, y) : x.equals(y)) ? 0 : 1, b);
    }

    private static boolean sameNumber(JsonNode a, JsonNode b) {
        BigDecimal x = a.decimalValue();
        BigDecimal y = b.decimalValue();
        if (x.compareTo(y) == 0) {
            return true;
        }
        // Two spellings of one double (0.1 and 0.1000000000000000055511151231257827) are the same value:
        // a double-based implementation may print either. Integers within ±(2^53−1) must be exact (5.3.3).
        boolean exactInts = isSafeInteger(x) && isSafeInteger(y);
        return !exactInts && x.doubleValue() == y.doubleValue();
    }

    private static final BigDecimal MAX_SAFE = BigDecimal.valueOf((1L << 53) - 1);

    private static boolean isSafeInteger(BigDecimal d) {
        return d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(MAX_SAFE) <= 0;
    }
}
