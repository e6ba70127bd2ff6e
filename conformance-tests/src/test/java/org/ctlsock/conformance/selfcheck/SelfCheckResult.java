package org.ctlsock.conformance.selfcheck;

import java.util.List;

/**
 * What one run of the kit said about one implementation, and whether that is what the self-check
 * expects.
 *
 * @param status the kit's exit status (-1: not run)
 * @param failed clauses with FAIL or ERROR
 * @param known clauses with KNOWN-FAIL
 * @param caught for a broken server: its named clauses that failed
 * @param noCase for a broken server: its named clauses the kit has no case for (cannot be caught yet)
 * @param verdict {@code ok}, {@code SKIPPED: why} or {@code WRONG: why}
 */
record SelfCheckResult(SelfCheckTarget target, int status, List<String> failed, List<String> known, List<String> caught,
        List<String> noCase, long millis, String verdict, String reportDir) {

    boolean wrong() {
        return verdict.startsWith("WRONG");
    }

    boolean skipped() {
        return verdict.startsWith("SKIPPED");
    }
}
