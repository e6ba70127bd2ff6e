package org.ctlsock.bench.load;

import java.util.Optional;
import org.ctlsock.bench.stats.LatencyHistogram;

/**
 * The outcome of one load run's measurement phase (warm-up excluded).
 *
 * @param spec what was run
 * @param connector the socket library used
 * @param measuredNanos the wall-clock length of the measurement
 * @param latencies the latency of every response received during it
 * @param statuses responses by status code (index = code)
 * @param errors failed requests by {@link ErrorKind} ordinal
 * @param firstErrorMessages the first message seen for each error kind, or null
 * @param connectionsOpened connections opened during the measurement
 * @param responseBodyBytes body bytes received
 * @param clientCpuNanos CPU time used by this JVM (the load generator) during the measurement
 * @param machineCpuNanos busy CPU time of the whole machine during the measurement
 * @param server what the server's processes used, when they were known
 */
public record LoadResult(LoadSpec spec, String connector, long measuredNanos, LatencyHistogram latencies,
        long[] statuses, long[] errors, String[] firstErrorMessages, long connectionsOpened,
        long responseBodyBytes, long clientCpuNanos, long machineCpuNanos, Optional<ServerUsage> server) {

    /** Responses received, whatever their status. */
    public long responses() {
        return latencies.count();
    }

    public double requestsPerSecond() {
        return responses() / (measuredNanos / 1e9);
    }

    public long successes() {
        long n = 0;
        for (int code = 200; code < 300; code++) {
            n += statuses[code];
        }
        return n;
    }

    public long non2xx() {
        return responses() - successes();
    }

    public long errorCount() {
        long n = 0;
        for (long e : errors) {
            n += e;
        }
        return n;
    }

    public long errors(ErrorKind kind) {
        return errors[kind.ordinal()];
    }

    /**
     * The share of the machine's CPU capacity that processes other than the load generator and the
     * server used during the measurement (0 to 1), or NaN when the server was not measured.
     */
    public double otherCpuShare() {
        if (server.isEmpty() || machineCpuNanos == 0) {
            return Double.NaN;
        }
        double capacity = measuredNanos * (double) Runtime.getRuntime().availableProcessors();
        return Math.max(0, machineCpuNanos - clientCpuNanos - server.get().cpuNanos()) / capacity;
    }

    /**
     * Whether other processes plausibly took CPU this measurement would have used: they used more
     * than {@code threshold} of the machine while the machine had (almost) no idle time left. When
     * the machine had idle time (one client keeps at most about one core busy), what others used
     * was spare capacity.
     */
    public boolean disturbed(double threshold) {
        if (Double.isNaN(otherCpuShare())) {
            return false;
        }
        double capacity = measuredNanos * (double) Runtime.getRuntime().availableProcessors();
        return otherCpuShare() > threshold && machineCpuNanos / capacity > 0.9;
    }

    /** Load-generator CPU per response, in microseconds (how much of the machine the client took). */
    public double clientCpuMicrosPerRequest() {
        return responses() == 0 ? 0 : clientCpuNanos / 1e3 / responses();
    }
}
