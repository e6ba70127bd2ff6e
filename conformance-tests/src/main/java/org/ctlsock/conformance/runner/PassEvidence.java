package org.ctlsock.conformance.runner;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ctlsock.conformance.TargetSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Keeps the wire log of cases that PASS, which the harness only puts into failure messages: a person
 * who runs one case ({@code --case}) or reads the HTML report wants to see what was exchanged either
 * way. Registered globally through Jupiter's extension auto-detection, which only the standalone runner
 * switches on; being registered before the class's own {@code KitExtension}, it wraps it, so when the
 * case returns the session's evidence is complete (connections closed, own instances stopped).
 */
public final class PassEvidence implements InvocationInterceptor {
    /** The configuration parameter that turns it on. */
    public static final String ENABLED = "ctlsock.runner.passEvidence";

    private static final Map<String, String> BY_UNIQUE_ID = new ConcurrentHashMap<>();

    /** The evidence of a passed case, by JUnit unique id (empty if none was captured). */
    public static Optional<String> of(String uniqueId) {
        return Optional.ofNullable(BY_UNIQUE_ID.get(uniqueId));
    }

    static void clear() {
        BY_UNIQUE_ID.clear();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        capture(invocation, call, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        capture(invocation, call, context);
    }

    private static void capture(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        invocation.proceed();
        if (!context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)) {
            return;
        }
        for (Object argument : call.getArguments()) {
            if (argument instanceof TargetSession session) {
                StringBuilder sb = new StringBuilder(session.evidence().render());
                String stderr = session.stderrTail();
                if (stderr != null && !stderr.isBlank()) {
                    sb.append("--- target stderr (tail) ---\n").append(stderr.strip()).append('\n');
                }
                BY_UNIQUE_ID.put(context.getUniqueId(), sb.toString());
            }
        }
    }
}
