package org.ctlsock.conformance.implementation;

/**
 * The target did not become ready (exited or never answered). An AssertionError: a server that cannot
 * start under the kit fails the clause under test (8.2.1, 2.4.1), it is not a kit error.
 */
public class TargetNotReady extends AssertionError {
    public TargetNotReady(String message) {
        super(message);
    }
}
