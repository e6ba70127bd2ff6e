package org.ctlsock.process;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process started through {@link Launch} that has not been stopped yet, so that a JVM ended by SIGTERM or
 * SIGINT (a kit stopped by its CI job, a test run cut short) still kills what it started. This is JVM-wide state
 * on purpose: a shutdown hook belongs to the JVM, and each entry removes itself when its process is stopped.
 */
final class LiveProcesses {
    private static final Set<StartedProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private LiveProcesses() {
    }

    static void add(StartedProcess p) {
        installHook();
        LIVE.add(p);
    }

    static void remove(StartedProcess p) {
        LIVE.remove(p);
    }

    static boolean contains(StartedProcess p) {
        return LIVE.contains(p);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        // SIGKILL at once: a shutdown hook has little time, and a target's own clean shutdown is not at stake here.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(StartedProcess::killAndForget),
                "ctlsock-process-reaper"));
        hookInstalled = true;
    }
}
