package org.ctlsock.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's busy CPU time from /proc/stat. Subtracting the load generator's and the
 * server's own time from it shows how much other processes took during a measurement: on a shared
 * machine that is the difference between a figure and noise.
 */
public final class MachineCpu {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private MachineCpu() {
    }

    /** Busy time (everything but idle and iowait) over all CPUs so far, in nanoseconds; 0 if unknown. */
    public static long busyNanos() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.ISO_8859_1).get(0);
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
