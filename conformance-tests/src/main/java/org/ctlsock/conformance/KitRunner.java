package org.ctlsock.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ctlsock.conformance.junit.ClauseSelectionFilter;
import org.ctlsock.conformance.report.ReportListener;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit's launcher: runs the clause tests against one target, in this JVM, and returns the run's typed
 * report. Every route goes through it: the command line ({@link org.ctlsock.conformance.runner.ConformanceCli},
 * which the Maven build runs too) and a caller that builds its {@link KitSettings} in code (an embedding build
 * tool, the kit's own tests). The settings reach the clause tests through the run's launcher session
 * ({@link KitRun#handOver}); nothing static carries them, so runs in one JVM never mix.
 */
public final class KitRunner {
    /** The package that holds the clause tests. */
    public static final String CLAUSE_PACKAGE = "org.ctlsock.conformance.clauses";
    /** The configuration parameter that leaves out the heavy-load classes (over 20 s on two cores). */
    public static final String SKIP_HEAVY = "ctlsock.skipHeavy";
    private static final String HEAVY_CLASSES = ".*\\.Section7_\\d+_Heavy\\w*";

    private KitRunner() {
    }

    /**
     * Runs the clauses that {@code settings} selects (its clause ids/prefixes and levels) against its
     * target and returns the report (also written to its report directory, when it has one).
     *
     * @param tries tries per property-based case
     */
    public static RunReport run(KitSettings settings, int tries) {
        return run(settings, Map.of(PropertyCheck.TRIES, Integer.toString(tries)), List.of(clausePackage()),
                List.of(), true);
    }

    /**
     * Runs the cases {@code selectors} name, as far as the settings select them.
     *
     * @param config JUnit configuration parameters (tries, seed, …) on top of the JVM's system properties
     * @param listeners listeners besides the report's, also told of each case's record (e.g. live progress)
     * @param printsSummary whether the report listener prints the summary line (the command line prints its own)
     */
    public static RunReport run(KitSettings settings, Map<String, String> config, List<DiscoverySelector> selectors,
            List<ReportListener.CaseListener> listeners, boolean printsSummary) {
        if (settings.reportDir() != null) {
            try {
                Files.createDirectories(settings.reportDir());
            } catch (IOException e) {
                throw new KitError("cannot create the report directory " + settings.reportDir() + ": " + e, e);
            }
        }
        try (LauncherSession session = LauncherFactory.openSession(launcherConfig())) {
            KitRun.handOver(session, settings);
            Launcher launcher = session.getLauncher();
            TestPlan plan = launcher.discover(request(settings, config, selectors));
            if (plan.countTestIdentifiers(t -> true) == 0) {
                throw new KitError("nothing to run: no case of the kit checks the selected clauses");
            }
            ReportListener report = new ReportListener(settings, printsSummary, listeners);
            launcher.execute(plan, Stream.concat(Stream.of(report), listeners.stream())
                    .toArray(TestExecutionListener[]::new));
            RunReport r = report.report();
            if (r == null) {
                throw new KitError("the run produced no report (is a report directory set?)");
            }
            return r;
        }
    }

    /** The cases the settings select, without running anything. */
    public static TestPlan discover(KitSettings settings, Map<String, String> config) {
        return LauncherFactory.create(launcherConfig())
                .discover(request(settings, config, List.of(clausePackage())));
    }

    public static DiscoverySelector clausePackage() {
        return DiscoverySelectors.selectPackage(CLAUSE_PACKAGE);
    }

    /** Our own listeners and filter only, not the ServiceLoader ones (those serve plain JUnit runs). */
    private static LauncherConfig launcherConfig() {
        return LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build();
    }

    private static LauncherDiscoveryRequest request(KitSettings settings, Map<String, String> config,
            List<DiscoverySelector> selectors) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(new ClauseSelectionFilter(settings))
                .configurationParameters(new HashMap<>(config));
        if (Boolean.parseBoolean(config.get(SKIP_HEAVY))) {
            request.filters(ClassNameFilter.excludeClassNamePatterns(HEAVY_CLASSES));
        }
        return request.build();
    }
}
