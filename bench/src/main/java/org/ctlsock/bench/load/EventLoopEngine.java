package org.ctlsock.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients shared out over a few event-loop threads (non-blocking JDK AF_UNIX channels). Cheaper
 * per request than a thread per client when there are many clients on few cores.
 */
public final class EventLoopEngine implements Engine {

    private final int threads;

    public EventLoopEngine(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("an event loop needs at least one thread");
        }
        this.threads = threads;
    }

    @Override
    public List<LoadWorker> workers(LoadSpec spec, LoadPhase phase) {
        int loops = Math.min(threads, spec.clients());
        List<LoadWorker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < loops; i++) {
                // Clients dealt out evenly: the first (clients % loops) loops get one more.
                int share = spec.clients() / loops + (i < spec.clients() % loops ? 1 : 0);
                workers.add(new EventLoopWorker(spec, share, phase));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        return workers;
    }

    @Override
    public String name() {
        return "jdk, non-blocking, " + threads + " event loop" + (threads == 1 ? "" : "s");
    }
}
