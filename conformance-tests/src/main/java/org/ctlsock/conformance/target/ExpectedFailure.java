package org.ctlsock.conformance.target;

/** A clause the target is known to break (descriptor member {@code expectedFailures}, spec 8.3.1). */
public record ExpectedFailure(String clause, String reason, String link) {
}
