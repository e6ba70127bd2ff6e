package org.ctlsock.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.platform.launcher.LauncherSession;

/**
 * One run of the kit, as the clause tests see it: its settings (with the ceiling that stops it) and the target
 * sessions it opened. It lives in JUnit's root store, made on first use: from the settings the kit's launcher
 * handed over through its launcher session ({@link #handOver}), else (a plain JUnit run, e.g. surefire) from the
 * configuration parameters, which fall back to the {@code -Dctlsock.*} system properties. Nothing static holds
 * it, so two runs in one JVM never see each other's state, and it is closed (sessions stopped) when the run's
 * root context closes. Per-case data the reports need (seeds, the evidence of passing cases) travels to the
 * launcher's listener as JUnit report entries ({@link #SEED}, {@link #EVIDENCE}).
 */
public final class KitRun implements AutoCloseable {
    /** The report entry that carries a property's seed. */
    public static final String SEED = "ctlsock.seed";
    /** The report entry that carries the evidence of a passing case (when {@link #PASS_EVIDENCE} is on). */
    public static final String EVIDENCE = "ctlsock.evidence";
    /** The configuration parameter that asks for the evidence of passing cases (the standalone reports show it). */
    public static final String PASS_EVIDENCE = "ctlsock.runner.passEvidence";

    private static final Namespace NAMESPACE = Namespace.create(KitRun.class);

    private final KitSettings settings;
    private final boolean passEvidence;
    private final Set<TargetSession> open = ConcurrentHashMap.newKeySet();
    /** What the run's classes share ({@link TargetSession#perRun}). */
    private final Map<String, Object[]> shared = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread exitHook;

    KitRun(KitSettings settings, boolean passEvidence) {
        this.settings = settings;
        this.passEvidence = passEvidence;
        // SIGTERM/SIGINT: no further case starts; the case in progress gets its deadlines to end; then no target
        // this run started may outlive the JVM.
        Duration grace = settings.timeouts().within().multipliedBy(6);
        this.exitHook = new Thread(() -> {
            settings.ceiling().stop("stopped by SIGTERM or SIGINT");
            try {
                closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeSessions();
        }, "ctlsock-stop-targets");
        settings.unrunnableCommand().ifPresent(settings.ceiling()::stop);
        try {
            Runtime.getRuntime().addShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (a signal before the first case): no case may start.
            settings.ceiling().stop("stopped by SIGTERM or SIGINT");
        }
    }

    /** The run {@code context} belongs to, made on first use. */
    public static KitRun of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(KitRun.class, k -> {
            Optional<KitSettings> given = Optional.ofNullable(context.getStore(StoreScope.LAUNCHER_SESSION, NAMESPACE)
                    .get(KitSettings.class, KitSettings.class));
            KitSettings s = given.orElseGet(() -> KitSettings.fromProperties(
                    key -> context.getConfigurationParameter(key).orElse(null)));
            return new KitRun(s, context.getConfigurationParameter(PASS_EVIDENCE).map(Boolean::parseBoolean)
                    .orElse(false));
        }, KitRun.class);
    }

    /** For a launcher: the settings the runs of {@code session} use (instead of the configuration parameters). */
    public static void handOver(LauncherSession session, KitSettings settings) {
        session.getStore().put(org.junit.platform.engine.support.store.Namespace.create(List.of(KitRun.class)),
                KitSettings.class, settings);
    }

    public KitSettings settings() {
        return settings;
    }

    /** Whether passing cases publish their evidence too. */
    public boolean passEvidence() {
        return passEvidence;
    }

    /** A new session for a test class (its extension keeps it in the class's store). */
    public TargetSession openSession() {
        TargetSession s = new TargetSession(settings, shared, open::remove);
        open.add(s);
        return s;
    }

    private void closeSessions() {
        List.copyOf(open).forEach(TargetSession::close);
    }

    @Override
    public void close() {
        closeSessions();
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs and finds the run closed
        }
    }
}
