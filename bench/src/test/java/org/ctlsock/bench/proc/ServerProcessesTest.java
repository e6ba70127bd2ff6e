package org.ctlsock.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * This test's own JVM plays the server: CPU time it spends in its own code must show as user-mode
 * time, and time spent in system calls must show in the total but not in the user-mode part.
 * Work goes on until the figure moves (the clock ticks every 10 ms), within a deadline.
 */
class ServerProcessesTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long ENOUGH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServerProcesses me = new ServerProcesses(List.of(ProcessHandle.current().pid()));

    @Test
    void workInTheProcessesOwnCodeCountsAsUserTime() {
        long userBefore = me.userCpuNanos();
        long sink = 0;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (me.userCpuNanos() - userBefore < ENOUGH_NANOS && System.nanoTime() < deadline) {
            for (int i = 0; i < 5_000_000; i++) {
                sink = sink * 31 + i; // arithmetic only: no system call
            }
        }
        assertThat(me.userCpuNanos() - userBefore).as("user-mode time after arithmetic (%d)", sink)
                .isGreaterThanOrEqualTo(ENOUGH_NANOS);
        assertThat(me.userCpuNanos()).as("the user-mode part never exceeds the total").isLessThanOrEqualTo(me.cpuNanos());
    }

    @Test
    void timeInSystemCallsCountsInTheTotalOnly() throws IOException {
        LongSupplier systemPart = () -> me.cpuNanos() - me.userCpuNanos();
        long systemBefore = systemPart.getAsLong();
        Path stat = Path.of("/proc/self/stat");
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (systemPart.getAsLong() - systemBefore < ENOUGH_NANOS && System.nanoTime() < deadline) {
            for (int i = 0; i < 2_000; i++) {
                Files.readAllBytes(stat); // open, read, close: the kernel's work, not ours
            }
        }
        assertThat(systemPart.getAsLong() - systemBefore).as("total minus user-mode time after system calls")
                .isGreaterThanOrEqualTo(ENOUGH_NANOS);
    }
}
