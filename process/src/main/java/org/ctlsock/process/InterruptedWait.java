package org.ctlsock.process;

/** A wait for a process was interrupted; the thread's interrupt flag is set again. */
public final class InterruptedWait extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InterruptedWait(String what, InterruptedException cause) {
        super("interrupted while waiting for " + what, cause);
        Thread.currentThread().interrupt();
    }
}
