package org.ctlsock.conformance.runner;

/** The command line is wrong: the runner prints the message and a hint, and exits 2. */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
