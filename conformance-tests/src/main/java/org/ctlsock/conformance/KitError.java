package org.ctlsock.conformance;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * The kit itself failed (bad configuration, a target that could not be started, a broken harness):
 * reported as ERROR, never as a verdict on the target.
 */
public class KitError extends RuntimeException {
    public KitError(String message) {
        super(message);
    }

    public KitError(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code t} is a kit error or was caused by one: then the kit failed, not the target. */
    public static boolean isIn(Throwable t) {
        return Stream.iterate(t, Objects::nonNull, Throwable::getCause).anyMatch(c -> c instanceof KitError);
    }
}
