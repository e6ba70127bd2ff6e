package org.ctlsock.conformance;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.ctlsock.conformance.junit.ClauseSelectionFilter;
import org.ctlsock.conformance.junit.PropertyChecks;
import org.ctlsock.conformance.report.ReportListener;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.spec.Level;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs the clause tests against one target, in this JVM, for a caller that builds its {@link KitSettings}
 * in code (an embedding build tool, the kit's own tests). The command line ({@code java -jar
 * ctlsock-conformance.jar}) is {@link org.ctlsock.conformance.runner.ConformanceCli}.
 */
public final class KitRunner {
    /** The package that holds the clause tests. */
    public static final String CLAUSE_PACKAGE = "org.ctlsock.conformance.clauses";

    private KitRunner() {
    }

    /**
     * Runs the clauses that {@code settings} selects (its clause ids/prefixes and levels) against its
     * target and returns the report (also written to its report directory, when it has one).
     *
     * @param tries tries per property-based case
     */
    public static synchronized RunReport run(KitSettings settings, int tries) {
        KitSettings.install(settings);
        try {
            Map<String, String> config = new HashMap<>();
            config.put(PropertyChecks.TRIES, Integer.toString(tries));
            if (settings.reportDir() != null) {
                try {
                    java.nio.file.Files.createDirectories(settings.reportDir());
                } catch (java.io.IOException e) {
                    throw new KitError("cannot create the report directory " + settings.reportDir() + ": " + e, e);
                }
            }
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectPackage(CLAUSE_PACKAGE))
                    .filters(new ClauseSelectionFilter())
                    .configurationParameters(config)
                    .build();
            // Our own listener instance, not the ServiceLoader one, so nested runs do not mix.
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false)
                    .enablePostDiscoveryFilterAutoRegistration(false)
                    .build());
            ReportListener report = new ReportListener();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(request, report, summary);
            RunReport r = ReportListener.lastReport();
            if (r == null) {
                throw new KitError("the run produced no report (is a report directory set?)");
            }
            return r;
        } finally {
            KitSettings.uninstall();
        }
    }

    /** Levels by name, for callers that build settings in code. */
    public static Set<Level> levels(String... names) {
        Set<Level> s = EnumSet.noneOf(Level.class);
        for (String n : names) {
            s.add(Level.valueOf(n));
        }
        return s;
    }
}
