package org.ctlsock.conformance.report;

import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.outcome.KnownFailure;
import org.ctlsock.conformance.outcome.NotRun;
import org.ctlsock.conformance.outcome.RecommendationNotMet;
import org.junit.platform.engine.TestExecutionResult;

/** The outcome of a case, and of a clause (the worst outcome of its cases). */
public enum Outcome {
    /** The kit itself failed; says nothing about the target. */
    ERROR("ERROR", 'E', "error"),
    FAIL("FAIL", 'F', "fail"),
    /** Failed, and the descriptor lists the clause as an expected failure. */
    KNOWN_FAIL("KNOWN-FAIL", 'K', "known"),
    /** A SHOULD or SHOULD NOT not met. */
    WARN("WARN", 'W', "warn"),
    PASS("PASS", '.', "pass"),
    /** Not applicable: capability not claimed, attach mode, a required program missing. */
    NOT_APPLICABLE("N/A", '-', "na"),
    /** No case of the run exercised the clause. */
    NOT_TESTED("not tested", ' ', "untested");

    private final String label;
    private final char mark;
    private final String cssClass;

    /**
     * @param mark one character for the live progress line
     * @param cssClass the class of the outcome's colour in {@code report.html}
     */
    Outcome(String label, char mark, String cssClass) {
        this.label = label;
        this.mark = mark;
        this.cssClass = cssClass;
    }

    public String label() {
        return label;
    }

    /** The worse of two outcomes: ERROR, FAIL, KNOWN-FAIL, WARN, PASS, N/A, not tested (declaration order). */
    public Outcome worse(Outcome other) {
        return other.ordinal() < ordinal() ? other : this;
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

    public char mark() {
        return mark;
    }

    String cssClass() {
        return cssClass;
    }
}
