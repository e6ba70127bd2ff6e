package org.ctlsock.conformance.report;

import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.outcome.KnownFailure;
import org.ctlsock.conformance.outcome.NotRun;
import org.ctlsock.conformance.outcome.RecommendationNotMet;
import org.junit.platform.engine.TestExecutionResult;

/** The outcome of a case, and of a clause (the worst outcome of its cases). */
public enum Outcome {
    /** The kit itself failed; says nothing about the target. */
    ERROR("ERROR", 0),
    FAIL("FAIL", 1),
    /** Failed, and the descriptor lists the clause as an expected failure. */
    KNOWN_FAIL("KNOWN-FAIL", 2),
    /** A SHOULD or SHOULD NOT not met. */
    WARN("WARN", 3),
    PASS("PASS", 4),
    /** Not applicable: capability not claimed, attach mode, a required program missing. */
    NOT_APPLICABLE("N/A", 5),
    /** No case of the run exercised the clause. */
    NOT_TESTED("not tested", 6);

    private final String label;
    private final int rank;

    Outcome(String label, int rank) {
        this.label = label;
        this.rank = rank;
    }

    public String label() {
        return label;
    }

    /** The worse of two outcomes: ERROR, FAIL, KNOWN-FAIL, WARN, PASS, N/A, not tested, in that order. */
    public Outcome worse(Outcome other) {
        return other.rank < rank ? other : this;
    }

    public boolean failsTheBuild() {
        return this == FAIL || this == ERROR;
    }

    /** How a finished case maps to the kit's outcomes (the harness's exceptions say which abort is which). */
    public static Outcome of(TestExecutionResult result) {
        Throwable t = result.getThrowable().orElse(null);
        return switch (result.getStatus()) {
            case SUCCESSFUL -> PASS;
            case ABORTED -> t instanceof RecommendationNotMet ? WARN
                    : t instanceof KnownFailure ? KNOWN_FAIL
                    : t instanceof NotRun ? NOT_TESTED : NOT_APPLICABLE;
            case FAILED -> KitError.isIn(t) ? ERROR : FAIL;
        };
    }

    /** One character for the live progress line. */
    public char mark() {
        return switch (this) {
            case PASS -> '.';
            case FAIL -> 'F';
            case ERROR -> 'E';
            case WARN -> 'W';
            case KNOWN_FAIL -> 'K';
            case NOT_APPLICABLE -> '-';
            case NOT_TESTED -> ' ';
        };
    }
}
