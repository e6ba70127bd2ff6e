package org.ctlsock.conformance.lifecycle;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.ctlsock.conformance.target.KitSettings;

/**
 * Applies {@link LaunchTries}: the explicit {@code -Dctlsock.tries} wins, else the annotation's modest
 * default. In attach mode such a property cannot run at all (it starts the target), so it is skipped
 * with that reason, which the report shows as N/A; every try throwing N/A would make jqwik fail it for
 * too many discarded tries instead.
 */
public final class LaunchTriesHook implements AroundPropertyHook, SkipExecutionHook {

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (KitSettings.current().isAttached()) {
            return SkipResult.skip("attach mode (-Dctlsock.socket): this property starts the target itself, which "
                    + "only a launched target allows");
        }
        return SkipResult.doNotSkip();
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
            throws Throwable {
        int tries = context.findAnnotation(LaunchTries.class).map(LaunchTries::value).orElse(1);
        String asked = System.getProperty("ctlsock.tries");
        if (asked != null && !asked.isBlank()) {
            try {
                tries = Integer.parseInt(asked.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-Dctlsock.tries must be a number, not \"" + asked + "\"", e);
            }
        }
        context.attributes().setTries(Math.max(1, tries));
        context.reporter().publishValue("ctlsock.tries", Integer.toString(tries));
        return property.execute();
    }

    @Override
    public int aroundPropertyProximity() {
        // Outermost: the tries must be set before anything runs the property.
        return -100;
    }
}
