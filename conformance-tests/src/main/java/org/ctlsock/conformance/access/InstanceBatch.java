package org.ctlsock.conformance.access;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.implementation.TargetNotReady;

/**
 * Starts several target instances with at most as many starting at once as the machine has cores (at
 * least two): the next starts as soon as an earlier one is ready. Starting them all at once takes no
 * less time on a small machine (a JVM's start is CPU-bound), but makes each one's start slower, and so
 * its readiness could miss the "within" deadline although nothing is wrong with the target.
 */
public final class InstanceBatch {
    private InstanceBatch() {
    }

    /** One instance of the batch: the process, and why it did not become ready (null when it did). */
    public record Started(ServerProcess process, TargetNotReady notReady) {
        public boolean ready() {
            return notReady == null;
        }
    }

    /**
     * @param launches each starts one instance (without waiting for it)
     * @param await waits for one instance to be ready (may observe it on the way), throws TargetNotReady
     */
    public static List<Started> start(List<Supplier<ServerProcess>> launches, Consumer<ServerProcess> await) {
        int atOnce = Math.max(2, Runtime.getRuntime().availableProcessors());
        List<ServerProcess> running = new ArrayList<>();
        List<Started> out = new ArrayList<>();
        for (int i = 0; i < launches.size(); i++) {
            // Instance i and up to atOnce - 1 after it have been started before i is awaited.
            while (running.size() < Math.min(i + atOnce, launches.size())) {
                running.add(launches.get(running.size()).get());
            }
            ServerProcess p = running.get(i);
            try {
                await.accept(p);
                out.add(new Started(p, null));
            } catch (TargetNotReady e) {
                out.add(new Started(p, e));
            }
        }
        return out;
    }
}
