package org.ctlsock.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ctlsock.conformance.junit.ClauseSelectionFilter;
import org.ctlsock.conformance.report.ReportListener;
import org.ctlsock.conformance.report.ReportVerdict;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.spec.Level;
import org.ctlsock.conformance.target.KitSettings;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs the clause tests against one target, in this JVM, without Maven: the entry point of the
 * standalone kit ({@code java -jar ctlsock-conformance.jar --target "python3 server.py {socket}"}) and
 * of the fixtures' self-check.
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
     * @param tries jqwik tries per property
     */
    public static synchronized RunReport run(KitSettings settings, int tries) {
        KitSettings.install(settings);
        try {
            Map<String, String> config = new HashMap<>();
            config.put("jqwik.tries.default", Integer.toString(tries));
            config.put("jqwik.reporting.onlyFailures", "true");
            if (settings.reportDir() != null) {
                try {
                    java.nio.file.Files.createDirectories(settings.reportDir());
                } catch (java.io.IOException e) {
                    throw new KitError("cannot create the report directory " + settings.reportDir() + ": " + e, e);
                }
                config.put("jqwik.database", settings.reportDir().resolve("jqwik-database").toString());
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

    /**
     * {@code KitRunner (--descriptor FILE | --target TEMPLATE | --socket PATH) [--capabilities a,b]
     * [--clauses 4.2,5.1.1] [--levels MUST,MUST_NOT] [--report-dir DIR] [--strict] [--timeout-scale N]
     * [--tries N]}. Exit status: 0 conforms, 1 fails a clause, 2 usage or kit error.
     */
    public static void main(String[] args) {
        Map<String, String> props = new HashMap<>();
        props.put("ctlsock.report.dir", Path.of("ctlsock-report").toAbsolutePath().toString());
        int tries = 100;
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            while (!rest.isEmpty()) {
                String opt = rest.remove(0);
                if (opt.equals("--strict")) {
                    props.put("ctlsock.strict", "true");
                    continue;
                }
                if (rest.isEmpty()) {
                    throw new KitError("option " + opt + " needs a value");
                }
                String value = rest.remove(0);
                switch (opt) {
                    case "--descriptor" -> props.put("ctlsock.descriptor", value);
                    case "--target" -> props.put("ctlsock.target", value);
                    case "--socket" -> props.put("ctlsock.socket", value);
                    case "--capabilities" -> props.put("ctlsock.capabilities", value);
                    case "--clauses" -> props.put("ctlsock.clauses", value);
                    case "--levels" -> props.put("ctlsock.levels", value);
                    case "--report-dir" -> props.put("ctlsock.report.dir", Path.of(value).toAbsolutePath().toString());
                    case "--timeout-scale" -> props.put("ctlsock.timeoutScale", value);
                    case "--tries" -> tries = Integer.parseInt(value);
                    case "--server-jar" -> props.put("ctlsock.server.jar", value);
                    default -> throw new KitError("unknown option " + opt);
                }
            }
            KitSettings settings = KitSettings.fromProperties(props::get);
            RunReport r = run(settings, tries);
            System.out.println(ReportVerdict.summaryLine(r));
            System.exit(r.passed() ? 0 : 1);
        } catch (KitError | NumberFormatException e) {
            System.err.println("ctlsock-conformance: " + e.getMessage());
            System.exit(2);
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
