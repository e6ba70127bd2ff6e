package org.ctlsock.conformance.outcome;

import org.opentest4j.TestAbortedException;

/** A failure of a clause the descriptor lists in {@code expectedFailures}: reported as KNOWN-FAIL, not a build failure. */
public class KnownFailure extends TestAbortedException {
    public KnownFailure(String clause, String reason, String failure) {
        super("KNOWN-FAIL " + clause + " (expected failure: " + reason + ")\n" + failure);
    }
}
