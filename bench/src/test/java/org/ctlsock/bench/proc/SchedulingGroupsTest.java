package org.ctlsock.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class SchedulingGroupsTest {

    @Test
    void readsTheKernelsLine() {
        assertThat(SchedulingGroups.Group.parse("/autogroup-4321 nice -5\n"))
                .contains(new SchedulingGroups.Group("/autogroup-4321", -5));
        assertThat(SchedulingGroups.Group.parse("/autogroup-7 nice 19")).contains(new SchedulingGroups.Group("/autogroup-7", 19));
        assertThat(SchedulingGroups.Group.parse("")).isEmpty();
    }

    @Test
    void aServerInASessionOfItsOwnGetsTheGeneratorsNice() throws Exception {
        Optional<SchedulingGroups.Group> own = SchedulingGroups.of(ProcessHandle.current().pid());
        assumeTrue(own.isPresent(), "autogroup scheduling is off here (no /proc/self/autogroup), so there is nothing to match");
        int other = own.get().nice() == 19 ? 18 : own.get().nice() + 1; // raising a nice value needs no privilege
        Process child = new ProcessBuilder("setsid", "sleep", "60").start();
        try {
            long pid = child.pid();
            Optional<SchedulingGroups.Group> fresh = awaitOwnGroup(pid, own.get().name());
            assertThat(fresh).as("setsid gave the child a group of its own").isPresent();
            Path file = Path.of("/proc", Long.toString(pid), "autogroup");
            // Without CAP_SYS_ADMIN the kernel takes one autogroup change per 100 ms (EAGAIN otherwise): retry, bounded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!SchedulingGroups.of(pid).map(SchedulingGroups.Group::nice).equals(Optional.of(other))
                    && System.nanoTime() < deadline) {
                try {
                    Files.writeString(file, Integer.toString(other), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
            assertThat(SchedulingGroups.of(pid).map(SchedulingGroups.Group::nice)).contains(other);

            List<String> done = SchedulingGroups.matchOwn(List.of(pid, ProcessHandle.current().pid()));
            while (!SchedulingGroups.of(pid).map(SchedulingGroups.Group::nice).equals(Optional.of(own.get().nice()))
                    && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                done = SchedulingGroups.matchOwn(List.of(pid, ProcessHandle.current().pid()));
            }

            assertThat(SchedulingGroups.of(pid).map(SchedulingGroups.Group::nice)).as("the child's group after %s", done)
                    .contains(own.get().nice());
            assertThat(SchedulingGroups.of(ProcessHandle.current().pid())).as("our own group is left alone").isEqualTo(own);
            assertThat(done).hasSize(1);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** setsid may fork first, so the pid's group becomes its own only once it has run: poll, bounded. */
    private static Optional<SchedulingGroups.Group> awaitOwnGroup(long pid, String ours) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<SchedulingGroups.Group> g = SchedulingGroups.of(pid);
            if (g.isPresent() && !g.get().name().equals(ours)) {
                return g;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return Optional.empty();
    }
}
