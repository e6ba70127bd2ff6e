package org.ctlsock.conformance.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a step that may block without a timeout of its own — above all {@code connect(2)} on a Unix
 * socket, which blocks while the server's accept backlog is full — and gives up at a deadline. The step
 * runs in a daemon thread; if it hangs, that thread stays blocked until the target is stopped (which
 * unblocks it), and the case fails with what the step was doing.
 */
public final class DeadlineStep {
    private DeadlineStep() {
    }

    /**
     * @param step what the step does, for the failure message ("opening 64 connections")
     * @param progress what had been done when the deadline passed ("12 were open"), asked only then
     */
    public static <T> T run(String step, Duration within, Supplier<String> progress, Callable<T> body)
            throws IOException {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = new Thread(task, "ctlsock-step");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new AssertionError("Expected: " + step + " to finish within " + within.toMillis()
                    + " ms (connect(2) and reads wait for the server)\nActual: it had not; " + progress.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + step, e);
        }
    }
}
