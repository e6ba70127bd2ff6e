package org.ctlsock.conformance;

import org.opentest4j.TestAbortedException;

/**
 * The case does not apply to this target (a capability it does not claim, or attach mode for a case
 * that must start the target): reported as N/A with the reason, never as passed.
 */
public class NotApplicable extends TestAbortedException {
    public NotApplicable(String reason) {
        super(reason);
    }
}
