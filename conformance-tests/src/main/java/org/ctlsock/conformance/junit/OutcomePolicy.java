package org.ctlsock.conformance.junit;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.outcome.ClauseViolation;
import org.ctlsock.conformance.outcome.KnownFailure;
import org.ctlsock.conformance.outcome.RecommendationNotMet;
import org.ctlsock.conformance.spec.SpecClause;
import org.ctlsock.conformance.implementation.ExpectedFailure;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.platform.commons.util.ExceptionUtils;
import org.opentest4j.TestAbortedException;

/**
 * Turns how a case ended into what JUnit should report, the same way for every engine: a failure
 * becomes a {@link ClauseViolation} that carries the evidence; a failure of an expected-failure clause
 * becomes KNOWN-FAIL, of a SHOULD clause WARN (both "aborted", so they do not fail the build); a crash
 * of the shared target fails the case that caused it.
 */
final class OutcomePolicy {
    private OutcomePolicy() {
    }

    /**
     * @param clause the clause the case checks (null if unknown)
     * @param caseId the case's id as the reports print it ({@link org.ctlsock.conformance.CaseId})
     * @param thrown what the case threw (null if it passed)
     * @param crash what is known of a crash of the shared target during the case (null if none)
     * @param stderrBlock the tail of the shared target's standard error under its label ("" if none)
     * @return what to throw to JUnit, or null for a pass
     */
    static Throwable decide(SpecClause clause, String caseId, Throwable thrown, String crash, Evidence evidence,
            KitSettings settings, String stderrBlock) {
        if (thrown == null && crash == null) {
            return null;
        }
        if (crash == null && thrown instanceof TestAbortedException) {
            return thrown;
        }
        if (crash == null && KitError.isIn(thrown)) {
            return new KitError("ERROR in the kit, not a verdict on the target: " + thrown.getMessage() + "\n"
                    + evidence.render(), thrown);
        }
        String message = message(clause, thrown, crash, evidence, settings, stderrBlock);
        if (clause != null && clause.level() == org.ctlsock.conformance.spec.Level.MAY && crash == null
                && isVector(caseId)) {
            // A vector filed under a MAY clause (4.1.4: "answered or 400") shows what the server does with a
            // permission; a permission cannot be broken, so the vector is informational, never a FAIL (issue 19).
            // What the server must do besides (answer at all) is judged by the MUST clauses' own cases.
            return new org.ctlsock.conformance.NotApplicable("informational (MAY " + clause.id() + ": a permission "
                    + "is never a failure): " + message);
        }
        if (clause != null) {
            ExpectedFailure expected = settings.expectedFailureOf(caseId, clause.id());
            if (expected != null) {
                return new KnownFailure(clause.id(), expected.reason(), message);
            }
            if (clause.level().isRecommendation() && !settings.strict()) {
                return new RecommendationNotMet(message);
            }
        }
        return new ClauseViolation(message, thrown != null ? thrown : new Throwable());
    }

    /** A case that runs one request/response vector of fixtures/vectors (shared or malformed corpus). */
    private static boolean isVector(String caseId) {
        return caseId != null && (caseId.contains("/vectors[") || caseId.contains("/malformedCorpus["));
    }

    static String message(SpecClause clause, Throwable thrown, String crash, Evidence evidence,
            KitSettings settings, String stderrBlock) {
        StringBuilder sb = new StringBuilder();
        sb.append(clause != null ? clause.quote() : "(this case names no clause)").append("\n\n");
        if (thrown != null) {
            String m = thrown.getMessage();
            if (thrown instanceof AssertionError) {
                sb.append(m == null ? thrown.toString() : m.strip());
            } else {
                // Not an assertion: the target made the case blow up (e.g. reset the connection).
                sb.append("the case could not go on: ").append(stackHead(thrown));
            }
            sb.append('\n');
        }
        if (crash != null) {
            sb.append("\nCRASH: ").append(crash).append('\n');
        }
        String described = settings.describedAs();
        if (described.length() > 300) {
            described = described.substring(0, 150) + " … " + described.substring(described.length() - 140);
        }
        sb.append("\ntarget: ").append(settings.targetName()).append(" (").append(described).append(")\n");
        sb.append(evidence.render());
        if (crash == null) {
            sb.append(stderrBlock);
        }
        return sb.toString();
    }

    private static String stackHead(Throwable t) {
        return Arrays.stream(ExceptionUtils.readStackTrace(t).split("\n")).limit(6).map(String::stripTrailing)
                .collect(Collectors.joining("\n")).strip();
    }
}
