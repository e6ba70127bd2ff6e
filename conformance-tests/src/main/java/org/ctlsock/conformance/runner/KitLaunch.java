package org.ctlsock.conformance.runner;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.KitRunner;
import org.ctlsock.conformance.junit.ClauseSelectionFilter;
import org.ctlsock.conformance.junit.PropertyChecks;
import org.ctlsock.conformance.report.ReportListener;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One run of the clause tests in this JVM for the standalone runner: like {@link KitRunner#run}, plus
 * live progress, a single-case selection, the replay seed and the wire logs of passing cases.
 */
final class KitLaunch {
    private KitLaunch() {
    }

    /** Discovers the cases the settings select (without running anything). */
    static CaseCatalog discover(KitSettings settings, int tries) {
        KitSettings.install(settings);
        try {
            return CaseCatalog.of(launcher().discover(request(List.of(packageSelector()), tries, null, settings)));
        } finally {
            KitSettings.uninstall();
        }
    }

    /**
     * Runs the selected cases ({@code selectors}: the whole kit or one case) and returns the report, which
     * the report listener has already written to the settings' report directory.
     */
    static RunReport run(KitSettings settings, int tries, String seed, List<DiscoverySelector> selectors,
            PrintStream progress, List<TestExecutionListener> more) {
        KitSettings.install(settings);
        PassEvidence.clear();
        try {
            Launcher launcher = launcher();
            LauncherDiscoveryRequest request = request(selectors, tries, seed, settings);
            TestPlan plan = launcher.discover(request);
            if (plan.countTestIdentifiers(t -> true) == 0) {
                throw new KitError("nothing to run: no case of the kit checks the selected clauses");
            }
            ReportListener report = new ReportListener(false); // the runner prints the summary itself
            TestExecutionListener[] listeners = new TestExecutionListener[more.size() + 2];
            listeners[0] = report;
            listeners[1] = progress == null ? new TestExecutionListener() { } : new ProgressPrinter(progress,
                    SpecCatalog.bundled());
            for (int i = 0; i < more.size(); i++) {
                listeners[i + 2] = more.get(i);
            }
            launcher.execute(request, listeners);
            RunReport r = ReportListener.lastReport();
            if (r == null) {
                throw new KitError("the run produced no report");
            }
            return r;
        } finally {
            KitSettings.uninstall();
        }
    }

    static DiscoverySelector packageSelector() {
        return DiscoverySelectors.selectPackage(KitRunner.CLAUSE_PACKAGE);
    }

    private static Launcher launcher() {
        // Our own listeners only, not the ServiceLoader ones, as KitRunner does.
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .build());
    }

    private static LauncherDiscoveryRequest request(List<DiscoverySelector> selectors, int tries, String seed,
            KitSettings settings) {
        Map<String, String> config = new HashMap<>();
        config.put(PropertyChecks.TRIES, Integer.toString(tries));
        if (seed != null) {
            config.put(PropertyChecks.SEED, seed); // else -Dctlsock.seed of this JVM, or a fresh seed per property
        }
        config.put(PropertyChecks.REPLAY, "--seed {seed}");
        config.put("junit.jupiter.extensions.autodetection.enabled", "true");
        config.put(PassEvidence.ENABLED, "true");
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(new ClauseSelectionFilter())
                .configurationParameters(config)
                .build();
    }
}
