package org.ctlsock.conformance.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The number of tries of a fuzz property: {@code -Dctlsock.fuzz.tries} (default {@value #DEFAULT_TRIES},
 * small enough for every {@code mvn verify}; the Maven profile {@code fuzz} sets 10000), and the seed
 * {@code -Dctlsock.fuzz.seed} to replay a run. Prints the seed of every run, so any run can be replayed.
 */
public final class FuzzTries implements AroundPropertyHook {
    public static final int DEFAULT_TRIES = 200;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        int tries = Integer.getInteger("ctlsock.fuzz.tries", DEFAULT_TRIES);
        context.attributes().setTries(tries);
        String seed = System.getProperty("ctlsock.fuzz.seed", "");
        if (!seed.isBlank()) {
            context.attributes().setSeed(seed.strip());
        }
        long started = System.nanoTime();
        PropertyExecutionResult result = property.execute();
        System.out.printf("[fuzz] %s: %d tries, %s, %.1f s, seed %s (replay: -Dctlsock.fuzz.seed=%s)%n",
                context.label(), tries, result.status(), (System.nanoTime() - started) / 1e9,
                result.seed().orElse("?"), result.seed().orElse("?"));
        return result;
    }

    @Override
    public int aroundPropertyProximity() {
        // Outside the kit's own hook, so the tries are set before anything runs.
        return -20;
    }
}
