package org.ctlsock.conformance.implementation;

import java.time.Duration;
import java.util.Optional;

/**
 * When a run must stop starting cases: after its ceiling ({@code --max-run-time}, {@code -Dctlsock.maxRunTime};
 * counted from the first case), or at once when something stops it (SIGTERM, SIGINT). The case in progress
 * finishes within its own deadlines; every later case is reported "not tested", and the report is written for
 * what ran.
 */
public final class RunCeiling {
    private final Duration limit;
    private volatile long deadlineNanos;
    private volatile boolean armed;
    private volatile String stoppedBecause;

    public RunCeiling(Duration limit) {
        this.limit = limit;
    }

    /** Stops the run: no case starts after this. */
    public void stop(String because) {
        stoppedBecause = because;
    }

    /** Why no further case may start, or empty while the run goes on. The first call starts the clock. */
    public synchronized Optional<String> reasonToStop() {
        if (stoppedBecause != null) {
            return Optional.of(stoppedBecause);
        }
        if (!armed) {
            armed = true;
            deadlineNanos = System.nanoTime() + limit.toNanos();
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            stoppedBecause = "the run reached its ceiling of " + describe(limit) + " (--max-run-time, "
                    + "-Dctlsock.maxRunTime)";
            return Optional.of(stoppedBecause);
        }
        return Optional.empty();
    }

    /** Whether the run was stopped before its end. */
    public boolean stopped() {
        return stoppedBecause != null;
    }

    /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 500ms}, or a plain number of minutes; empty (or an exception) if not one. */
    public static Optional<Duration> parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        // ISO-8601's PT form is the same but for its prefix; milliseconds and bare minutes are the kit's own.
        Duration d = t.endsWith("ms") ? Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)))
                : Duration.parse("PT" + (t.matches("\\d+") ? t + "m" : t));
        return Optional.of(d).filter(x -> !x.isNegative() && !x.isZero());
    }

    private static String describe(Duration d) {
        return d.toSecondsPart() == 0 && d.toMillisPart() == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }
}
