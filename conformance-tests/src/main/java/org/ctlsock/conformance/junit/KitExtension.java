package org.ctlsock.conformance.junit;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.stream.Stream;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.KitRun;
import org.ctlsock.conformance.PropertyCheck;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.implementation.SocketProfile;
import org.ctlsock.conformance.outcome.NotRun;
import org.ctlsock.conformance.CaseId;
import org.ctlsock.conformance.spec.SpecClause;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The harness in JUnit Jupiter: gives test methods their class's {@link TargetSession} (and a
 * property-based case its {@link PropertyCheck}),
 * records each case's evidence, notices a crash of the shared target during a case, and applies the
 * {@link OutcomePolicy} (evidence in the failure message, WARN for SHOULD, KNOWN-FAIL for expected
 * failures). Registered by {@link org.ctlsock.conformance.ConformanceTest}.
 */
public final class KitExtension implements ParameterResolver, InvocationInterceptor, AfterAllCallback {

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        return type == TargetSession.class || type == Evidence.class || type == PropertyCheck.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        if (p.getParameter().getType() == Evidence.class) {
            // Parameters are resolved before the case begins (guard below): the session's evidence would still
            // be the previous case's. The case's own evidence is made here, and guard begins the case with it.
            return caseEvidence(c);
        }
        if (p.getParameter().getType() == PropertyCheck.class) {
            return PropertyCheck.forCase(c, session(c), caseEvidence(c));
        }
        return session(c);
    }

    private static final ExtensionContext.Namespace CASE = ExtensionContext.Namespace.create(KitExtension.class);

    /** The evidence of the case {@code c} belongs to, made on first use. */
    private static Evidence caseEvidence(ExtensionContext c) {
        return c.getStore(CASE).getOrComputeIfAbsent("evidence", k -> new Evidence(), Evidence.class);
    }

    /**
     * The session of the test class {@code context} belongs to: one per class and run, kept in the class's store
     * (so it ends with the class, and a cache the class's cases share ends with it).
     */
    private static TargetSession session(ExtensionContext context) {
        return classContext(context).getStore(CASE).getOrComputeIfAbsent(TargetSession.class,
                k -> KitRun.of(context).openSession(), TargetSession.class);
    }

    /** The test class's context, also for dynamic tests and parameterized cases, whose own context is deeper. */
    private static ExtensionContext classContext(ExtensionContext context) {
        return Stream.iterate(Optional.of(context), Optional::isPresent, c -> c.get().getParent()).map(Optional::get)
                .filter(c -> c.getTestClass().isPresent() && c.getTestMethod().isEmpty()).findFirst()
                .orElseThrow(() -> new KitError("no test class for " + context.getUniqueId()));
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        guard(invocation, ClauseLookup.of(call.getExecutable()), context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        guard(invocation, ClauseLookup.of(call.getExecutable()), context);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext call,
            ExtensionContext context) throws Throwable {
        guard(invocation, ClauseLookup.ofDisplayName(context.getDisplayName()), context);
    }

    private void guard(Invocation<Void> invocation, Optional<SpecClause> clause, ExtensionContext context)
            throws Throwable {
        TargetSession session = session(context);
        Optional<String> stop = session.settings().ceiling().reasonToStop();
        if (stop.isPresent()) {
            invocation.skip();
            throw new NotRun(stop.get());
        }
        Optional<String> outside = SocketProfile.reasonToSkip(session.settings(),
                clause.map(SpecClause::id).orElse(null));
        if (outside.isPresent()) {
            // Without the command set only the socket profile (spec 8.5) is judged: the case is not even started,
            // so it neither starts the target nor sends it requests it cannot answer.
            invocation.skip();
            throw new NotApplicable(outside.get());
        }
        Evidence evidence = caseEvidence(context);
        session.beginCase(evidence);
        Throwable thrown = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            thrown = t;
        }
        String crash = session.endCase();
        if ((thrown != null || crash != null) && session.settings().ceiling().stopped()) {
            // A signal came while the case ran: the shutdown cut it off (its target killed, no hook may be added
            // any more), so how it ended says nothing about the target. Cases the ceiling stops never get here:
            // the ceiling is only looked at before a case starts.
            throw new NotRun(session.settings().ceiling().reasonToStop().orElseThrow());
        }
        String caseId = CaseId.of(clause.map(SpecClause::id).orElse(null), context.getUniqueId(),
                context.getDisplayName());
        Throwable verdict = OutcomePolicy.decide(clause.orElse(null), caseId, thrown, crash, evidence,
                session.settings(), session.stderrBlock());
        if (verdict != null) {
            throw verdict;
        }
        if (KitRun.of(context).passEvidence()) {
            // A person who runs one case or reads the HTML report wants to see what was exchanged either way; the
            // harness puts the wire log into failure messages only, so a pass hands it to the report here.
            String text = evidence.render() + session.stderrBlock();
            if (!text.isBlank()) {
                context.publishReportEntry(KitRun.EVIDENCE, text);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // The class store would close it too; closing here does not depend on the store's AutoCloseable setting.
        Optional.ofNullable(context.getStore(CASE).remove(TargetSession.class, TargetSession.class))
                .ifPresent(TargetSession::close);
    }
}
