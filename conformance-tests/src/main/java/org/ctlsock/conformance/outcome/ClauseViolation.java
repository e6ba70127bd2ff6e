package org.ctlsock.conformance.outcome;

/** A test's failure, rewritten as evidence: the clause's sentence, Expected/Actual, wire log, target output. */
public class ClauseViolation extends AssertionError {
    public ClauseViolation(String message, Throwable original) {
        super(message);
        setStackTrace(original.getStackTrace());
    }
}
