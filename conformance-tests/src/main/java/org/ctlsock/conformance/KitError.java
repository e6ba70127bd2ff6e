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

    /** Whether {@code t} is a kit error or was caused by one: then the kit failed, not the target. */
    public static boolean isIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KitError) {
                return true;
            }
        }
        return false;
    }
}
