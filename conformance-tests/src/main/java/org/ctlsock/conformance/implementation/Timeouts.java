package org.ctlsock.conformance.implementation;

import java.time.Duration;

/**
 * The two kinds of waiting the kit does, scaled together by {@code -Dctlsock.timeoutScale} for slow
 * machines. Neither is a performance bound: "within" only says when to give up waiting for something
 * that must happen, "during" how long to watch for something that must not.
 *
 * @param within the deadline for something that must happen (a response, readiness, an exit)
 * @param during how long to watch for something that must not happen (an early close, stray bytes)
 * @param grace how long a target gets after SIGTERM before SIGKILL (spec 8.2.3)
 */
public record Timeouts(Duration within, Duration during, Duration grace) {
    public static Timeouts scaled(double scale) {
        return new Timeouts(Duration.ofMillis(Math.round(10_000 * scale)), Duration.ofMillis(Math.round(500 * scale)),
                Duration.ofMillis(Math.round(10_000 * scale)));
    }
}
