package org.ctlsock.bench.load;

import java.util.List;

/**
 * What the server's processes used during the measurement.
 *
 * @param pids the processes measured (those holding the listening socket)
 * @param cpuNanos CPU time (user + system) they used during the measurement
 * @param userCpuNanos the part of it in user mode
 * @param rssStartBytes their resident memory when the measurement started
 * @param rssMaxBytes the largest resident memory sampled during the measurement (every 100 ms)
 * @param rssEndBytes their resident memory when it ended
 */
public record ServerUsage(List<Long> pids, long cpuNanos, long userCpuNanos, long rssStartBytes, long rssMaxBytes, long rssEndBytes) {
}
