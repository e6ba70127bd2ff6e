package org.ctlsock.conformance.junit;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.ctlsock.conformance.spec.SpecClause;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Finds the clause a case checks: the {@link Clause} annotation of its method, or, for a dynamic case
 * (a vector), the {@code [4.2.1]} that starts its display name.
 */
public final class ClauseLookup {
    private static final Pattern DISPLAY = Pattern.compile("^\\[(\\d+\\.\\d+\\.\\d+)\\]");

    private ClauseLookup() {
    }

    public static Optional<SpecClause> of(Method method) {
        return Optional.ofNullable(method.getAnnotation(Clause.class))
                .flatMap(c -> SpecCatalog.bundled().find(c.value()));
    }

    /** The {@link Clause} of the method a test source names, if it is a method that carries one. */
    public static Optional<Clause> annotation(Optional<TestSource> source) {
        return source.filter(s -> s instanceof MethodSource).map(s -> {
            try {
                return ((MethodSource) s).getJavaMethod().getAnnotation(Clause.class);
            } catch (RuntimeException e) {
                return null; // a method the class loader cannot find names no clause
            }
        });
    }

    public static Optional<String> idFromDisplayName(String displayName) {
        return DISPLAY.matcher(displayName).results().findFirst().map(m -> m.group(1));
    }

    public static Optional<SpecClause> ofDisplayName(String displayName) {
        return idFromDisplayName(displayName).flatMap(id -> SpecCatalog.bundled().find(id));
    }
}
