package org.ctlsock.conformance.junit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundContainerHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.report.PropertySeeds;
import org.ctlsock.conformance.spec.SpecClause;
import org.opentest4j.TestAbortedException;

/**
 * The jqwik side of the harness, equivalent to {@link KitExtension}: each try is a case with its own
 * evidence (a crash of the shared target falsifies the try that caused it, and the next try gets a
 * fresh target); when the property fails, the last falsified try's evidence goes into the message and
 * the {@link OutcomePolicy} applies. The seed goes to the report
 * through {@link PropertySeeds}.
 */
public final class KitJqwikHook implements AroundContainerHook, AroundPropertyHook, AroundTryHook,
        ResolveParameterHook {
    private static final ThreadLocal<Evidence> LAST_FALSIFIED = new ThreadLocal<>();

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public void afterContainer(ContainerLifecycleContext context) {
        context.optionalElement().filter(e -> e instanceof Class<?>)
                .ifPresent(e -> TargetSessions.close((Class<?>) e));
    }

    @Override
    public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter, LifecycleContext context) {
        Class<?> type = parameter.parameter().getType();
        Optional<Class<?>> owner = context.optionalContainerClass();
        if (owner.isEmpty() || (type != TargetSession.class && type != Evidence.class)) {
            return Optional.empty();
        }
        TargetSession session = TargetSessions.forClass(owner.get());
        return Optional.of(tryContext -> type == Evidence.class ? session.evidence() : session);
    }

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
        TargetSession session = TargetSessions.forClass(context.containerClass());
        Evidence evidence = new Evidence();
        session.beginCase(evidence);
        TryExecutionResult result = aTry.execute(parameters);
        String crash = session.endCase();
        if (crash != null) {
            evidence.note("CRASH: " + crash);
            result = TryExecutionResult.falsified(new AssertionError("the target crashed during this try: " + crash));
        }
        if (result.isFalsified()) {
            LAST_FALSIFIED.set(evidence);
        }
        return result;
    }

    @Override
    public int aroundTryProximity() {
        // Outside other hooks, so that the crash check sees the whole try.
        return -10;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        LAST_FALSIFIED.remove();
        PropertyExecutionResult result = property.execute();
        result.seed().ifPresent(seed -> PropertySeeds.record(context.containerClass().getName(),
                context.targetMethod().getName(), seed));
        if (result.status() != PropertyExecutionResult.Status.FAILED) {
            return result;
        }
        Throwable thrown = result.throwable().orElse(new AssertionError("property failed"));
        if (thrown instanceof TestAbortedException) {
            return result;
        }
        Method method = context.targetMethod();
        Optional<SpecClause> clause = ClauseLookup.of(method);
        TargetSession session = TargetSessions.forClass(context.containerClass());
        Evidence evidence = Optional.ofNullable(LAST_FALSIFIED.get()).orElseGet(Evidence::new);
        LAST_FALSIFIED.remove();
        evidence.note("jqwik seed " + result.seed().orElse("?") + " (replay with @Property(seed = \""
                + result.seed().orElse("?") + "\"))");
        Throwable verdict = OutcomePolicy.decide(clause.orElse(null), thrown, null, evidence, session.settings(),
                session.stderrTail());
        if (verdict instanceof TestAbortedException) {
            return result.mapToAborted(verdict);
        }
        return result.mapToFailed(verdict);
    }
}
