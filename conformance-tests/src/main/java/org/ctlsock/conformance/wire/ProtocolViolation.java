package org.ctlsock.conformance.wire;

/**
 * The target sent bytes that are not a well-formed HTTP/1.1 response (or sent none in time). It is an
 * AssertionError because it is a verdict on the target, reported as a failure of the clause under test.
 */
public class ProtocolViolation extends AssertionError {
    public ProtocolViolation(String message) {
        super(message);
    }

    public ProtocolViolation(String message, Throwable cause) {
        super(message, cause);
    }
}
