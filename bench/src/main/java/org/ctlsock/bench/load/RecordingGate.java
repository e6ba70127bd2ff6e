package org.ctlsock.bench.load;

/**
 * Decides whether an outcome observed now belongs to the measurement: warm-up outcomes are thrown
 * away when the measurement starts, and outcomes after the stop are ignored. One per worker thread.
 */
final class RecordingGate {

    private final LoadPhase phase;
    private final ClientStats stats;
    private int seenPhase = LoadPhase.WARMUP;

    RecordingGate(LoadPhase phase, ClientStats stats) {
        this.phase = phase;
        this.stats = stats;
    }

    /** Whether to record an outcome now; resets the stats when the measurement has just begun. */
    boolean open() {
        int now = phase.current();
        if (now != seenPhase) {
            if (now == LoadPhase.MEASURE) {
                stats.reset();
            }
            seenPhase = now;
        }
        return now != LoadPhase.STOP;
    }

    boolean stopped() {
        return phase.current() == LoadPhase.STOP;
    }
}
