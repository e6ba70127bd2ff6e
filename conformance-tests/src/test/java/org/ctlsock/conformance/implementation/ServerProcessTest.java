package org.ctlsock.conformance.implementation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.ctlsock.conformance.race.StraceDelay;
import org.ctlsock.process.CommandTemplate;
import org.junit.jupiter.api.Test;

/**
 * Which process the kit signals as the server (the cases of 2.6, 3.4.4 and 3.5.2 signal it themselves): the
 * tracee under a tracer, else the process the kit started, and never one of the server's own children. The kit
 * once took the deepest descendant, which in a server with worker processes or a process per connection is a
 * worker: 3.4.4 then failed a correct fork-per-connection server, and passed gunicorn, whose shutdown unlinks a
 * successor's socket, because only a worker had been told to stop.
 */
class ServerProcessTest {
    /** A server that forks a worker: the shell is the server, its {@code sleep} the worker. */
    private static final CommandTemplate FORKS_A_WORKER =
            KitSettings.parseTemplate("sh -c \"sleep 600 & wait\" server {socket}");
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The stop at the end: SIGTERM ends the shell at once, and its worker gets 1 s before its SIGKILL. */
    private static final Timeouts SHORT = Timeouts.scaled(0.1);

    @Test
    void theServerIsTheStartedProcessNotItsWorker() {
        try (ServerProcess p = ServerProcess.start(FORKS_A_WORKER, Path.of("."), LaunchOptions.defaults(), SHORT)) {
            ProcessHandle worker = awaitDescendant(p.process().process().toHandle(), 1);
            assertThat(p.serverHandle().pid()).as("the server's pid (its worker is pid %d)", worker.pid())
                    .isEqualTo(p.process().pid());
        }
    }

    @Test
    void underATracerTheServerIsTheTracee() {
        assumeTrue(StraceDelay.available(), "strace is not on the PATH");
        LaunchOptions traced = LaunchOptions.defaults().traced(StraceDelay.wrapper("unlink", Duration.ofMillis(1)));
        try (ServerProcess p = ServerProcess.start(FORKS_A_WORKER, Path.of("."), traced, SHORT)) {
            ProcessHandle worker = awaitDescendant(p.process().process().toHandle(), 2);
            long tracee = worker.parent().orElseThrow().pid();
            assertThat(p.serverHandle().pid()).as("the server's pid (the tracer is pid %d, the worker pid %d)",
                    p.process().pid(), worker.pid()).isEqualTo(tracee);
        }
    }

    /**
     * The first process {@code generations} below {@code root}, polled for until the deadline (strace forks a
     * short-lived child of its own at start, so the tracee is known only once it has forked its worker).
     */
    private static ProcessHandle awaitDescendant(ProcessHandle root, int generations) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Stream<ProcessHandle> level = Stream.of(root);
            for (int i = 0; i < generations; i++) {
                level = level.flatMap(ProcessHandle::children);
            }
            Optional<ProcessHandle> found = level.findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        throw new AssertionError("pid " + root.pid() + " had no descendant " + generations + " generation(s) below "
                + "it within " + DEADLINE);
    }
}
