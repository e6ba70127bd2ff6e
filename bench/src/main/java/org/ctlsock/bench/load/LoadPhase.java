package org.ctlsock.bench.load;

/** The phase of a run that all clients read before recording: warm-up, measurement, stopped. */
final class LoadPhase {

    static final int WARMUP = 0;
    static final int MEASURE = 1;
    static final int STOP = 2;

    private volatile int current;

    LoadPhase(int initial) {
        this.current = initial;
    }

    int current() {
        return current;
    }

    void set(int next) {
        current = next;
    }
}
