package org.ctlsock.conformance.runner;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ctlsock.conformance.KitRun;
import org.ctlsock.conformance.KitRunner;
import org.ctlsock.conformance.junit.PropertyChecks;
import org.ctlsock.conformance.report.RunReport;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.implementation.KitSettings;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * The standalone runner's use of the kit's launcher ({@link KitRunner}): live progress, a single-case selection,
 * the replay seed and the wire logs of passing cases.
 */
final class KitLaunch {
    private KitLaunch() {
    }

    /** Discovers the cases the settings select (without running anything). */
    static CaseCatalog discover(KitSettings settings, int tries) {
        return CaseCatalog.of(KitRunner.discover(settings, config(tries, null)));
    }

    /** Runs the selected cases ({@code selectors}: the whole kit or one case) and returns the report. */
    static RunReport run(KitSettings settings, int tries, String seed, boolean skipHeavy,
            List<DiscoverySelector> selectors, PrintStream progress, List<TestExecutionListener> more) {
        List<TestExecutionListener> listeners = new java.util.ArrayList<>();
        if (progress != null) {
            listeners.add(new ProgressPrinter(progress, SpecCatalog.bundled()));
        }
        listeners.addAll(more);
        Map<String, String> config = config(tries, seed);
        config.put(KitRunner.SKIP_HEAVY, Boolean.toString(skipHeavy));
        return KitRunner.run(settings, config, selectors, listeners, false);
    }

    static DiscoverySelector packageSelector() {
        return KitRunner.clausePackage();
    }

    private static Map<String, String> config(int tries, String seed) {
        Map<String, String> config = new HashMap<>();
        config.put(PropertyChecks.TRIES, Integer.toString(tries));
        if (seed != null) {
            config.put(PropertyChecks.SEED, seed); // else -Dctlsock.seed of this JVM, or a fresh seed per property
        }
        config.put(PropertyChecks.REPLAY, "--seed {seed}");
        config.put(KitRun.PASS_EVIDENCE, "true");
        return config;
    }
}
