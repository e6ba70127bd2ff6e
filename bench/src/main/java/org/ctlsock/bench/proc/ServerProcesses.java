package org.ctlsock.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The processes that serve one socket (one for most servers, the master and its workers for nginx),
 * measured through {@code /proc}: resident memory and CPU time. Linux only, like the benchmark.
 */
public final class ServerProcesses {

    /**
     * The kernel's clock tick for {@code /proc/PID/stat} times. USER_HZ is 100 on every Linux
     * architecture the JDK runs on (the kernel scales to it whatever CONFIG_HZ is).
     */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final List<Long> pids;

    public ServerProcesses(List<Long> pids) {
        if (pids.isEmpty()) {
            throw new IllegalArgumentException("no process to measure");
        }
        this.pids = List.copyOf(pids);
    }

    public List<Long> pids() {
        return pids;
    }

    /** The sum of the processes' VmRSS, in bytes; processes that have exited count 0. */
    public long rssBytes() {
        long total = 0;
        for (long pid : pids) {
            total += statusFieldKiB(pid, "VmRSS:") * 1024;
        }
        return total;
    }

    /** The sum of the processes' peak resident size (VmHWM), in bytes. */
    public long peakRssBytes() {
        long total = 0;
        for (long pid : pids) {
            total += statusFieldKiB(pid, "VmHWM:") * 1024;
        }
        return total;
    }

    /** The CPU time (user + system, all threads) the processes have used so far, in nanoseconds. */
    public long cpuNanos() {
        return cpuNanos(true);
    }

    /**
     * The CPU time the processes have used so far in user mode, in nanoseconds: their own code (for a
     * JVM, the compiled code, the collector, the compilers), without the system calls that move the
     * bytes. How well a JIT compiled the request path shows here first; the kernel's share moves
     * with how the load happened to batch.
     */
    public long userCpuNanos() {
        return cpuNanos(false);
    }

    private long cpuNanos(boolean withSystem) {
        long ticks = 0;
        for (long pid : pids) {
            ticks += cpuTicks(pid, withSystem);
        }
        return ticks * NANOS_PER_TICK;
    }

    /** Whether at least one of the processes is still alive. */
    public boolean anyAlive() {
        return pids.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    static long statusFieldKiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith(field)) {
                    // e.g. "VmRSS:\t   45312 kB"
                    String[] words = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(words[0]);
                }
            }
            return 0;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static long cpuTicks(long pid, boolean withSystem) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            // The command name in parentheses may contain spaces: count fields after its last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
            return Long.parseLong(fields[11]) + (withSystem ? Long.parseLong(fields[12]) : 0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
