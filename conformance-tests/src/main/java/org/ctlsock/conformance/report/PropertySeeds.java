package org.ctlsock.conformance.report;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed of each property's last run, handed from the jqwik hook to the report (jqwik prints its
 * own report entries to stdout unless told otherwise, so the kit does not rely on them).
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
