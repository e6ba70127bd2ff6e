package org.ctlsock.conformance.report;

/**
 * One executed case: a test method, a property or a vector.
 *
 * @param clause the clause id, or null when the case names none
 * @param message the failure, warning or N/A reason with its evidence; null for a pass
 * @param seed the seed of a property-based case, which replays it
 */
public record CaseRecord(String uniqueId, String name, String clause, Outcome outcome, String message,
        long durationMillis, String seed) {
}
