package org.ctlsock.conformance.outcome;

import org.opentest4j.TestAbortedException;

/** A case the run never started because it was stopped (its ceiling, or SIGTERM/SIGINT): reported "not tested". */
public class NotRun extends TestAbortedException {
    public NotRun(String why) {
        super("not run: " + why);
    }
}
