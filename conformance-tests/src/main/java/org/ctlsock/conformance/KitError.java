package org.ctlsock.conformance;

/**
 * The kit itself failed (bad configuration, a target that could not be started, a broken harness):
 * reported as ERROR, never as a verdict on the target.
 */
public class KitError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KitError(String message) {
        super(message);
    }

    public KitError(String message, Throwable cause) {
        super(message, cause);
    }
}
