package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.wire.Framing;
import org.ctlsock.conformance.wire.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Spec 5.3.8 allows several readings for a number beyond the double's range; each of them passes the kit's
 * judgement (so a server choosing any one is not failed), and what the clause forbids does not.
 */
class OutOfRangeNumberTest {

    private static HttpResponse answer(int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new HttpResponse("HTTP/1.1", status, "Reason", List.of(Map.entry("Content-Type", "application/json"),
                Map.entry("Content-Length", Integer.toString(bytes.length))), bytes, Framing.CONTENT_LENGTH,
                List.of());
    }

    @Test
    void keptExactlyPasses() {
        assertThat(OutOfRangeNumber.violation("1e999999", answer(200, "[1E+999999]"))).isEmpty();
        assertThat(OutOfRangeNumber.violation("-1e400", answer(200, "[-1e400]"))).isEmpty();
        assertThat(OutOfRangeNumber.violation("1e-400", answer(200, "[1e-400]"))).isEmpty();
    }

    @Test
    void roundedToTheNearestDoublePasses() {
        assertThat(OutOfRangeNumber.violation("1e999999", answer(200, "[1.7976931348623157e+308]"))).isEmpty();
        assertThat(OutOfRangeNumber.violation("-1e400", answer(200, "[-1.7976931348623157e308]"))).isEmpty();
        assertThat(OutOfRangeNumber.violation("1e-400", answer(200, "[0.0]"))).isEmpty();
        assertThat(OutOfRangeNumber.violation("-1e-400", answer(200, "[-0.0]"))).isEmpty();
    }

    @Test
    void refusedWith400Passes() {
        assertThat(OutOfRangeNumber.violation("1e999999", answer(400, "number out of range"))).isEmpty();
    }

    @Test
    void infinityNullAWrongSignAnd5xxFail() {
        assertThat(OutOfRangeNumber.violation("1e400", answer(200, "[Infinity]"))).isPresent();
        assertThat(OutOfRangeNumber.violation("1e400", answer(200, "[null]"))).isPresent();
        assertThat(OutOfRangeNumber.violation("-1e400", answer(200, "[1.7976931348623157e308]"))).isPresent();
        assertThat(OutOfRangeNumber.violation("1e-400", answer(200, "[5e-324]"))).isPresent();
        assertThat(OutOfRangeNumber.violation("1e400", answer(500, "OverflowError"))).isPresent();
    }

    @Test
    void knowsWhichNumbersAreBeyondDoubles() {
        assertThat(OutOfRangeNumber.isBeyondDoubles("1e400")).isTrue();
        assertThat(OutOfRangeNumber.isBeyondDoubles("1e-400")).isTrue();
        assertThat(OutOfRangeNumber.isBeyondDoubles("1.7976931348623157e308")).isFalse();
        assertThat(OutOfRangeNumber.isBeyondDoubles("5e-324")).isFalse();
        assertThat(OutOfRangeNumber.isBeyondDoubles("0")).isFalse();
    }
}
