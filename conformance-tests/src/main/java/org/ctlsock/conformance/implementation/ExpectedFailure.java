package org.ctlsock.conformance.implementation;

/**
 * A clause the target is known to break (descriptor member {@code expectedFailures}, spec 8.3.1), or, with
 * {@code caseId}, just one case of that clause (an id as the reports print it, e.g.
 * {@code 4.3.4/malformedCorpus[chunk size NUL]}), so that one known-bad vector does not hide the rest of
 * its clause.
 */
public record ExpectedFailure(String clause, String caseId, String reason, String link) {
    public ExpectedFailure(String clause, String reason, String link) {
        this(clause, null, reason, link);
    }

    /** What it is listed under: the case id when it names one, else the clause. */
    public String key() {
        return caseId != null ? caseId : clause;
    }
}
