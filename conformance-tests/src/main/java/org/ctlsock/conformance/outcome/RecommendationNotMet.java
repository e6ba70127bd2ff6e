package org.ctlsock.conformance.outcome;

import org.opentest4j.TestAbortedException;

/** A SHOULD or SHOULD NOT clause not met: reported as WARN and, unless -Dctlsock.strict=true, not a build failure. */
public class RecommendationNotMet extends TestAbortedException {
    public RecommendationNotMet(String failure) {
        super("WARN (a recommendation is not met; -Dctlsock.strict=true makes this a failure)\n" + failure);
    }
}
