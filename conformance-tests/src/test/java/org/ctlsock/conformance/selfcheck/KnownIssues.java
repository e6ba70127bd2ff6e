package org.ctlsock.conformance.selfcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Disagreements between the kit and a fixture that are known and not yet resolved
 * ({@code selfcheck-known-issues.json}): a correct fixture that fails a clause, a broken one whose named
 * clause the kit does not catch. Each has a reason; each must still occur (the self-check fails when one
 * no longer does), so the list only shrinks. Either the fixture or the kit is wrong; the reason says which.
 */
final class KnownIssues {
    private final Map<String, Map<String, String>> byFixture;

    private KnownIssues(Map<String, Map<String, String>> byFixture) {
        this.byFixture = byFixture;
    }

    static KnownIssues bundled() {
        try (InputStream in = KnownIssues.class.getResourceAsStream("/selfcheck-known-issues.json")) {
            Map<String, Map<String, String>> m = new TreeMap<>();
            if (in != null) {
                for (JsonNode e : new ObjectMapper().readTree(in).path("issues")) {
                    String fixture = e.path("fixture").asText();
                    String clause = e.path("clause").asText();
                    String reason = e.path("reason").asText();
                    if (fixture.isEmpty() || clause.isEmpty() || reason.isBlank()) {
                        throw new IllegalStateException("selfcheck-known-issues.json: every issue needs fixture, "
                                + "clause and reason: " + e);
                    }
                    m.computeIfAbsent(fixture, k -> new TreeMap<>()).put(clause, reason);
                }
            }
            return new KnownIssues(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean excuses(String fixture, String clause) {
        return byFixture.getOrDefault(fixture, Map.of()).containsKey(clause);
    }

    List<String> clausesOf(String fixture) {
        return new ArrayList<>(byFixture.getOrDefault(fixture, Map.of()).keySet());
    }
}
