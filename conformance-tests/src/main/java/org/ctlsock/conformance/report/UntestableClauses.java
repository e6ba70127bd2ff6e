package org.ctlsock.conformance.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The clauses the kit cannot check against a server, with the reason ({@code untestable-clauses.json}). */
public final class UntestableClauses {
    private static volatile Map<String, String> reasons;

    private UntestableClauses() {
    }

    public static Map<String, String> all() {
        Map<String, String> r = reasons;
        if (r == null) {
            r = load();
            reasons = r;
        }
        return r;
    }

    public static Optional<String> reason(String clause) {
        return Optional.ofNullable(all().get(clause));
    }

    private static Map<String, String> load() {
        try (InputStream in = UntestableClauses.class.getResourceAsStream(
                "/org/ctlsock/conformance/untestable-clauses.json")) {
            Map<String, String> out = new LinkedHashMap<>();
            if (in == null) {
                return out;
            }
            JsonNode root = new ObjectMapper().readTree(in);
            for (JsonNode e : root.get("untestable")) {
                out.put(e.get("clause").asText(), e.path("reason").asText());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
