package org.ctlsock.conformance.runner;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * {@code --seed}: gives every property of the run the same jqwik seed, so that a failing run can be
 * replayed exactly. jqwik has no global seed setting; this hook is registered globally through
 * ServiceLoader and does nothing unless the runner set a seed.
 */
public final class SeedOverride implements AroundPropertyHook {
    private static volatile String seed;

    static void set(String value) {
        seed = value;
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String s = seed;
        if (s != null) {
            context.attributes().setSeed(s);
        }
        return property.execute();
    }
}
