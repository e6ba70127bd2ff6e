package org.ctlsock.conformance.report;

import java.util.List;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.spec.SpecClause;

/**
 * A clause's outcome in a run, with the cases that exercised it.
 *
 * @param reason why the outcome is what it is, when its cases do not say (N/A, expected failure, now passes)
 */
public record ClauseResult(SpecClause clause, Outcome outcome, String reason, List<CaseRecord> cases) {

    /**
     * Folds a clause's cases into its outcome: the worst of them; an expected failure that now passes becomes FAIL
     * (so the list only shrinks), unless it is listed as intermittent; a clause no case exercised is "not tested".
     */
    static ClauseResult of(SpecClause clause, List<CaseRecord> mine, KitSettings settings) {
        if (mine.isEmpty()) {
            String untestable = UntestableClauses.bundled().get(clause.id());
            String why = !settings.selects(clause.id(), clause.level())
                    ? "not selected (-Dctlsock.clauses / -Dctlsock.levels)"
                    : untestable != null ? "untestable: " + untestable : "no case of this run exercised it";
            return new ClauseResult(clause, Outcome.NOT_TESTED, why, mine);
        }
        Outcome outcome = mine.stream().map(CaseRecord::outcome).reduce(Outcome.NOT_TESTED, Outcome::worse);
        String reason = null;
        for (ExpectedFailure one : settings.expectedFailures().values()) {
            if (one.caseId() != null && !one.intermittent() && one.clause().equals(clause.id())
                    && mine.stream().anyMatch(c -> c.outcome() == Outcome.PASS && c.caseId().equals(one.caseId()))) {
                outcome = Outcome.FAIL;
                reason = "expected failure now passes: case " + one.caseId() + " — remove it from the list (it was "
                        + "listed because: " + one.reason() + ")";
            }
        }
        ExpectedFailure expected = settings.expectedFailures().get(clause.id());
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
        return new ClauseResult(clause, outcome, reason, mine);
    }
}
