package org.ctlsock.conformance.report;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed of each property's last run, handed from {@link org.ctlsock.conformance.PropertyCheck} to the
 * report (a JUnit report entry would also be printed by some consoles, so the kit does not use one).
 */
public final class PropertySeeds {
    private static final Map<String, String> SEEDS = new ConcurrentHashMap<>();

    private PropertySeeds() {
    }

    public static void record(String className, String methodName, String seed) {
        SEEDS.put(className + "#" + methodName, seed);
    }

    public static Optional<String> of(String className, String methodName) {
        return Optional.ofNullable(SEEDS.get(className + "#" + methodName));
    }
}
