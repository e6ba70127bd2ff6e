package org.ctlsock.conformance.report;

import org.ctlsock.conformance.CaseId;

/**
 * One executed case: a test method, a property or a vector.
 *
 * @param clause the clause id, or null when the case names none
 * @param message the failure, warning or N/A reason with its evidence; for a pass, its wire log when the run keeps
 *     the evidence of passing cases; else null
 * @param seed the seed of a property-based case, which replays it
 */
public record CaseRecord(String uniqueId, String name, String clause, Outcome outcome, String message,
        long durationMillis, String seed) {

    /** The stable id the reports print ({@code 4.2.1/keepsConnectionOpen}). */
    public String caseId() {
        return CaseId.of(clause, uniqueId, name);
    }

    /** The evidence text, "" when none was recorded. */
    public String evidence() {
        return message == null ? "" : message;
    }
}
