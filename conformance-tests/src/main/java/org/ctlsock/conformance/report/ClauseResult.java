package org.ctlsock.conformance.report;

import java.util.List;
import org.ctlsock.conformance.spec.SpecClause;

/**
 * A clause's outcome in a run, with the cases that exercised it.
 *
 * @param reason why the outcome is what it is, when its cases do not say (N/A, expected failure, now passes)
 */
public record ClauseResult(SpecClause clause, Outcome outcome, String reason, List<CaseRecord> cases) {
}
