package org.ctlsock.conformance.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clauses the kit cannot check from outside, each with the reason: the kit's one list,
 * {@code org/ctlsock/conformance/untestable-clauses.json} (kept by the kit's maintainers and checked by
 * TraceabilityTest). The traceability check accepts an entry instead of a test, and the matrix shows why.
 */
public final class UntestableClauses {
    public static final String RESOURCE = "/org/ctlsock/conformance/untestable-clauses.json";

    private UntestableClauses() {
    }

    /** Clause id → reason, in file order. */
    public static Map<String, String> bundled() {
        try (InputStream in = UntestableClauses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the kit");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parse(JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : root.path("untestable")) {
            String clause = e.path("clause").asText();
            String reason = e.path("reason").asText();
            if (clause.isEmpty() || reason.isBlank()) {
                throw new IllegalStateException(RESOURCE + ": every entry needs a \"clause\" and a \"reason\": " + e);
            }
            if (out.put(clause, reason) != null) {
                throw new IllegalStateException(RESOURCE + ": clause " + clause + " is listed twice");
            }
        }
        return out;
    }
}
