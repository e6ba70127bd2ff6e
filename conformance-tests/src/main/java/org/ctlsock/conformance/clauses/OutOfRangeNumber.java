package org.ctlsock.conformance.clauses;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.wire.HttpResponse;

/**
 * What spec 5.3.8 allows {@code POST /echo [N]} to give for a number N beyond the double's range: 400, or
 * 200 with N itself, or N rounded to the nearest finite double (the largest double of N's sign when N is too
 * large, zero when N is too small). Kept apart from the case so that a unit test can show that every
 * allowed reading passes and that {@code Infinity}, {@code null} and 5xx do not.
 */
final class OutOfRangeNumber {
    private static final BigDecimal LARGEST = new BigDecimal(Double.MAX_VALUE);
    private static final BigDecimal SMALLEST = new BigDecimal(Double.MIN_VALUE);

    private OutOfRangeNumber() {
    }

    /** Whether the number is one 5.3.8 is about: non-zero and beyond what a double can hold. */
    static boolean isBeyondDoubles(String number) {
        BigDecimal n = new BigDecimal(number).abs();
        return n.compareTo(LARGEST) > 0 || (n.signum() != 0 && n.compareTo(SMALLEST) < 0);
    }

    /** Why the answer to {@code POST /echo [number]} breaks 5.3.8; empty when it is one of the allowed readings. */
    static Optional<String> violation(String number, HttpResponse r) {
        if (r.status() == 400) {
            return Optional.empty();
        }
        if (r.status() != 200) {
            return Optional.of("status " + r.status() + " (Expected: 200 or 400)");
        }
        String body = new String(r.body(), StandardCharsets.UTF_8);
        JsonNode value;
        try {
            value = JsonValues.parse(r.body());
        } catch (AssertionError e) {
            return Optional.of("the body \"" + body + "\" is not JSON (Expected: an array of one number)");
        }
        if (!value.isArray() || value.size() != 1 || !value.get(0).isNumber()) {
            return Optional.of("the body " + body + " is not an array of one number");
        }
        BigDecimal sent = new BigDecimal(number);
        BigDecimal got = value.get(0).decimalValue();
        boolean itself = got.compareTo(sent) == 0;
        boolean tooLarge = sent.abs().compareTo(LARGEST) > 0;
        // The largest double written in its shortest form (1.7976931348623157e308) is not its exact binary
        // value, so "rounded" is judged as a double: the number it reads as is the largest double of N's sign.
        boolean rounded = tooLarge ? got.doubleValue() == Math.copySign(Double.MAX_VALUE, sent.signum())
                : got.signum() == 0;
        if (itself || rounded) {
            return Optional.empty();
        }
        return Optional.of("the body " + body + " holds neither " + number + " nor "
                + (tooLarge ? (sent.signum() < 0 ? "-" : "") + "1.7976931348623157e308 (the largest double of its sign)"
                        : "zero"));
    }
}
