package org.ctlsock.conformance.runner;

import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.outcome.KnownFailure;
import org.ctlsock.conformance.outcome.NotRun;
import org.ctlsock.conformance.outcome.RecommendationNotMet;
import org.ctlsock.conformance.report.Outcome;
import org.junit.platform.engine.TestExecutionResult;

/** How a finished case maps to the kit's outcomes, as the report listener decides it. */
final class CaseOutcomes {
    private CaseOutcomes() {
    }

    static Outcome of(TestExecutionResult result) {
        Throwable t = result.getThrowable().orElse(null);
        return switch (result.getStatus()) {
            case SUCCESSFUL -> Outcome.PASS;
            case ABORTED -> t instanceof RecommendationNotMet ? Outcome.WARN
                    : t instanceof KnownFailure ? Outcome.KNOWN_FAIL
                    : t instanceof NotRun ? Outcome.NOT_TESTED : Outcome.NOT_APPLICABLE;
            case FAILED -> isKitError(t) ? Outcome.ERROR : Outcome.FAIL;
        };
    }

    private static boolean isKitError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KitError) {
                return true;
            }
        }
        return false;
    }

    /** One character for the live progress line. */
    static char mark(Outcome o) {
        return switch (o) {
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
