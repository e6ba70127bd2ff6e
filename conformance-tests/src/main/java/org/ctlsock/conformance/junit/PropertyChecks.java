package org.ctlsock.conformance.junit;

import java.lang.reflect.Method;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.PropertyCheck;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.fuzz.FuzzTries;
import org.ctlsock.conformance.implementation.Setting;
import org.ctlsock.conformance.implementation.SettingValues;
import org.ctlsock.conformance.lifecycle.LaunchTries;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the {@link PropertyCheck} of a property-based case from the run's settings, which reach every
 * route as JUnit configuration parameters (or, failing those, system properties):
 * {@value #TRIES} (tries per property: {@code --tries}, or {@code ctlsock.tries} in the Maven build),
 * {@value #SEED} ({@code --seed} / {@code -Dctlsock.seed}) and {@value #REPLAY} (how the route's user
 * gives a seed back). A {@link LaunchTries} property keeps its own small count unless the system property
 * {@code ctlsock.tries} is given; a {@link FuzzTries} property has its own count and seed.
 */
public final class PropertyChecks {
    /** Tries per property. */
    public static final String TRIES = "ctlsock.property.tries";
    /** The seed of every property of the run; blank or absent: a fresh one per property. */
    public static final String SEED = "ctlsock.seed";
    /** How a failure message tells the user to replay a seed, {@code {seed}} standing for it. */
    public static final String REPLAY = "ctlsock.property.replay";

    private PropertyChecks() {
    }

    static PropertyCheck forCase(ExtensionContext c, TargetSession session, Evidence evidence) {
        Method method = c.getRequiredTestMethod();
        String seed = c.getConfigurationParameter(SEED).filter(s -> !s.isBlank()).orElse(null);
        String replay = c.getConfigurationParameter(REPLAY).orElse("-Dctlsock.seed={seed}");
        // The kit's launcher always sets TRIES to a count it has checked.
        int tries = c.getConfigurationParameter(TRIES, Integer::parseInt)
                .orElse(SettingValues.<Integer>defaultOf(Setting.TRIES));
        LaunchTries launch = method.getAnnotation(LaunchTries.class);
        if (launch != null) {
            tries = SettingValues.parse(System::getProperty).typed(Setting.TRIES, launch.value());
        }
        if (method.isAnnotationPresent(FuzzTries.class)) {
            tries = session.settings().fuzzTries();
            if (session.settings().fuzzSeed() != null) {
                seed = session.settings().fuzzSeed();
            }
            replay = replay + " (or --fuzz-seed {seed} / -Dctlsock.fuzz.seed={seed})";
        }
        // The seed goes to the report as a report entry of this case (the launcher's listener records it).
        return new PropertyCheck(session, evidence, s -> c.publishReportEntry(org.ctlsock.conformance.KitRun.SEED, s),
                Math.max(1, tries), seed, launch != null, replay);
    }
}
