package org.ctlsock.conformance.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The clauses the kit cannot check from outside, each with the reason: the kit's one list,
 * {@code org/ctlsock/conformance/untestable-clauses.json} (kept by the kit's maintainers and checked by
 * TraceabilityTest). The traceability check accepts an entry instead of a test, and the reports show why.
 */
public final class UntestableClauses {
    public static final String RESOURCE = "/org/ctlsock/conformance/untestable-clauses.json";

    /**
     * Read once per JVM (when the class is first used: RESOURCE is a constant and does not load it) and never
     * changed: it is bundled, immutable data (like the spec catalog), not a run's state, so every run may share it.
     */
    private static final Map<String, String> REASONS = Collections.unmodifiableMap(read());

    private UntestableClauses() {
    }

    /** Clause id → reason, in file order. */
    public static Map<String, String> bundled() {
        return REASONS;
    }

    private static Map<String, String> read() {
        try (InputStream in = Objects.requireNonNull(UntestableClauses.class.getResourceAsStream(RESOURCE),
                () -> "resource " + RESOURCE + " is missing from the kit")) {
            Map<String, String> out = new LinkedHashMap<>();
            for (JsonNode e : new ObjectMapper().readTree(in).path("untestable")) {
                String clause = e.path("clause").asText();
                String reason = e.path("reason").asText();
                if (clause.isEmpty() || reason.isBlank()) {
                    throw new IllegalStateException(RESOURCE + ": every entry needs a \"clause\" and a \"reason\": "
                            + e);
                }
                if (out.put(clause, reason) != null) {
                    throw new IllegalStateException(RESOURCE + ": clause " + clause + " is listed twice");
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
