package org.ctlsock.bench.load;

import org.ctlsock.bench.stats.LatencyHistogram;

/**
 * What one client observed. Each client thread owns one and writes it without synchronisation;
 * the run reads it only after the thread has ended (Thread.join gives the happens-before).
 */
final class ClientStats {

    final LatencyHistogram latencies = new LatencyHistogram();
    /** Responses by status code (index = code, 0..599; anything else lands in 0). */
    final long[] statuses = new long[600];
    final long[] errors = new long[ErrorKind.values().length];
    final String[] firstErrorMessages = new String[ErrorKind.values().length];
    long connectionsOpened;
    long responseBodyBytes;

    void recordResponse(int status, long latencyNanos, long bodyBytes) {
        latencies.record(latencyNanos);
        statuses[status >= 0 && status < statuses.length ? status : 0]++;
        responseBodyBytes += bodyBytes;
    }

    void recordError(ErrorKind kind, Exception cause) {
        errors[kind.ordinal()]++;
        if (firstErrorMessages[kind.ordinal()] == null) {
            firstErrorMessages[kind.ordinal()] = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    void reset() {
        latencies.reset();
        java.util.Arrays.fill(statuses, 0);
        java.util.Arrays.fill(errors, 0);
        java.util.Arrays.fill(firstErrorMessages, null);
        connectionsOpened = 0;
        responseBodyBytes = 0;
    }
}
