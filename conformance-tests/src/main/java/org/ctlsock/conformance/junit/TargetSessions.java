package org.ctlsock.conformance.junit;

import java.util.HashMap;
import java.util.Map;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.KitSettings;

/**
 * One {@link TargetSession} per test class, shared by the class's cases (the Jupiter extension makes them), closed
 * when the class is done (and, as a safety net, at JVM exit so no target outlives the kit).
 */
final class TargetSessions {
    private static final Map<Class<?>, TargetSession> SESSIONS = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TargetSessions::closeAll, "ctlsock-stop-targets"));
    }

    private TargetSessions() {
    }

    static synchronized TargetSession forClass(Class<?> testClass) {
        return SESSIONS.computeIfAbsent(testClass, c -> new TargetSession(KitSettings.current()));
    }

    static void close(Class<?> testClass) {
        TargetSession s;
        synchronized (TargetSessions.class) {
            s = SESSIONS.remove(testClass);
        }
        if (s != null) {
            s.close();
        }
    }

    static void closeAll() {
        Map<Class<?>, TargetSession> all;
        synchronized (TargetSessions.class) {
            all = new HashMap<>(SESSIONS);
            SESSIONS.clear();
        }
        all.values().forEach(TargetSession::close);
    }
}
