package org.ctlsock.conformance.wire;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a step that may block without a timeout of its own — above all {@code connect(2)} on a Unix
 * socket, which blocks while the server's accept backlog is full — and gives up at a deadline. The step
 * runs in a daemon thread, so that one still blocked never holds up the kit's exit; when the deadline
 * passes the thread is interrupted and left to end on its own (at the latest when the target is stopped).
 */
public final class DeadlineStep {
    /**
     * The steps' threads: daemons, kept for reuse, since every connection the kit opens is such a step (thousands a
     * run). A step still blocked keeps its thread; the pool starts another for the next.
     */
    private static final ExecutorService STEPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ctlsock-step");
        t.setDaemon(true);
        return t;
    });

    private DeadlineStep() {
    }

    /**
     * A step of a case: one that does not finish by the deadline fails the case with what it was doing.
     *
     * @param step what the step does, for the failure message ("opening 64 connections")
     * @param progress what had been done when the deadline passed ("12 were open"), asked only then
     */
    public static <T> T run(String step, Duration within, Supplier<String> progress, Callable<T> body)
            throws IOException {
        try {
            return finish(step, within, body);
        } catch (TimeoutException e) {
            throw new AssertionError("Expected: " + step + " to finish within " + within.toMillis()
                    + " ms (connect(2) and reads wait for the server)\nActual: it had not; " + progress.get());
        }
    }

    /**
     * The body's result, or {@link TimeoutException} when {@code within} passes first. What the body throws
     * is thrown as it is (a checked exception that is not an {@link IOException} wrapped).
     */
    static <T> T finish(String step, Duration within, Callable<T> body) throws IOException, TimeoutException {
        FutureTask<T> task = new FutureTask<>(body);
        STEPS.execute(task);
        try {
            return task.get(Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw e;
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
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + step);
        }
    }
}
