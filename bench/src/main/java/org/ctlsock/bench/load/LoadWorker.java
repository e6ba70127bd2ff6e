package org.ctlsock.bench.load;

/** A thread's worth of clients: one blocking client, or an event loop driving several. */
interface LoadWorker extends Runnable {

    /** What the worker's clients observed; read only after its thread has ended. */
    ClientStats stats();

    /**
     * Called every 100 ms by the run's control thread, and with {@code Long.MAX_VALUE} to end a
     * worker that is still waiting after the run stopped: fails requests older than the timeout.
     */
    void abortIfStuck(long now, long timeoutNanos);
}
