package org.ctlsock.conformance.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.spec.SpecClause;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;

/**
 * Folds the cases of a run into one outcome per clause: the worst of its cases; an expected failure
 * that now passes becomes FAIL (so the list only shrinks), unless it is listed as intermittent; a clause no case exercised is "not tested".
 */
public final class ReportAggregator {
    private ReportAggregator() {
    }

    public static RunReport aggregate(List<CaseRecord> cases, SpecCatalog catalog, KitSettings settings,
            Instant startedAt, long durationMillis) {
        Map<String, List<CaseRecord>> byClause = new LinkedHashMap<>();
        List<CaseRecord> unattributed = new ArrayList<>();
        for (CaseRecord c : cases) {
            if (c.clause() != null && catalog.find(c.clause()).isPresent()) {
                byClause.computeIfAbsent(c.clause(), k -> new ArrayList<>()).add(c);
            } else {
                unattributed.add(c);
            }
        }
        List<ClauseResult> results = new ArrayList<>();
        for (SpecClause clause : catalog.all()) {
            List<CaseRecord> mine = byClause.getOrDefault(clause.id(), List.of());
            ExpectedFailure expected = settings.expectedFailures().get(clause.id());
            if (mine.isEmpty()) {
                String why = !settings.selects(clause.id(), clause.level())
                        ? "not selected (-Dctlsock.clauses / -Dctlsock.levels)"
                        : UntestableClauses.reason(clause.id()).map(r -> "untestable: " + r)
                                .orElse("no case of this run exercised it");
                results.add(new ClauseResult(clause, Outcome.NOT_TESTED, why, mine));
                continue;
            }
            Outcome outcome = Outcome.NOT_TESTED;
            for (CaseRecord c : mine) {
                outcome = outcome.worse(c.outcome());
            }
            String reason = null;
            for (ExpectedFailure one : settings.expectedFailures().values()) {
                if (one.caseId() != null && !one.intermittent() && one.clause().equals(clause.id()) && mine.stream().anyMatch(c ->
                        c.outcome() == Outcome.PASS && c.caseId().equals(one.caseId()))) {
                    outcome = Outcome.FAIL;
                    reason = "expected failure now passes: case " + one.caseId() + " — remove it from the list (it was "
                            + "listed because: " + one.reason() + ")";
                }
            }
            if (expected != null) {
                if (outcome == Outcome.PASS && expected.intermittent()) {
                    reason = "listed as an intermittent failure, and it did not show in this run (it was listed "
                            + "because: " + expected.reason() + ")";
                } else if (outcome == Outcome.PASS) {
                    outcome = Outcome.FAIL;
                    reason = "expected failure now passes — remove it from the list (it was listed because: "
                            + expected.reason() + ")";
                } else if (outcome == Outcome.KNOWN_FAIL) {
                    reason = expected.reason() + (expected.link() == null ? "" : " (" + expected.link() + ")");
                }
            }
            if (outcome == Outcome.NOT_APPLICABLE || outcome == Outcome.NOT_TESTED) {
                reason = mine.get(0).message();
            }
            results.add(new ClauseResult(clause, outcome, reason, mine));
        }
        return new RunReport(KitVersion.get(), catalog.version(), settings, startedAt, durationMillis, results,
                unattributed);
    }
}
