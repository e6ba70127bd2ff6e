package org.ctlsock.conformance.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ctlsock.conformance.implementation.RunCeiling;

/**
 * SIGTERM or SIGINT during a standalone run: no further case starts (they are reported "not run"), the case in
 * progress ends within its own deadlines, and the reports are written for what ran before the JVM exits. Any
 * process the kit started that is still alive after that is killed, so none outlives the kit; the same sweep
 * ends every run, where finding one is a kit bug and is said on standard error.
 */
final class StopOnSignal implements AutoCloseable {
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;
    private final PrintStream err;

    /**
     * @param ceiling the run's switch to stop
     * @param grace how long the hook waits for the report (the case in progress must end first)
     */
    StopOnSignal(RunCeiling ceiling, Duration grace, PrintStream err) {
        this.err = err;
        hook = new Thread(() -> {
            ceiling.stop("stopped by SIGTERM or SIGINT");
            try {
                reported.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopLeftovers();
        }, "ctlsock-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The reports are written: a signal from now on has nothing left to wait for. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, and finds the reports written
            return;
        }
        List<Long> left = stopLeftovers();
        if (!left.isEmpty()) {
            err.println("ctlsock-conformance: kit error: processes it started were still running after the run "
                    + "and were killed: " + left);
        }
    }

    /** Kills every process the kit started that still runs; returns their pids. */
    private static List<Long> stopLeftovers() {
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        return left.stream().map(ProcessHandle::pid).toList();
    }
}
