package org.ctlsock.conformance.report;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.implementation.KitSettings;

/**
 * The result of a kit run: per clause of the spec, its outcome and cases; plus cases that name no
 * clause (and harness errors outside any case).
 */
public record RunReport(String kitVersion, String specVersion, KitSettings settings, Instant startedAt,
        long durationMillis, List<ClauseResult> clauses, List<CaseRecord> unattributed) {

    public static final String SCHEMA = "ctlsock-report/1";

    /** How many clauses ended with each outcome. */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            m.put(o, 0);
        }
        clauses.forEach(c -> m.merge(c.outcome(), 1, Integer::sum));
        return m;
    }

    /** FAIL or ERROR anywhere fails the run; WARN, KNOWN-FAIL, N/A and "not tested" do not. */
    public boolean passed() {
        return clauses.stream().noneMatch(c -> c.outcome().failsTheBuild())
                && unattributed.stream().noneMatch(c -> c.outcome().failsTheBuild());
    }

    public List<ClauseResult> failing() {
        return clauses.stream().filter(c -> c.outcome().failsTheBuild()).toList();
    }
}
