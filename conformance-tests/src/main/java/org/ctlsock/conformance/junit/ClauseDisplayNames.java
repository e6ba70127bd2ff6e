package org.ctlsock.conformance.junit;

import java.lang.reflect.Method;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.spec.SpecCatalog;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Names a clause case after its clause, as {@code spec/clauses.json} gives it: {@code [4.2.1] MUST
 * keepsConnectionOpen}. The method carries only {@code @Clause("4.2.1")}; the level is looked up, so the
 * name cannot disagree with the spec.
 */
public final class ClauseDisplayNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForMethod(Class<?> testClass, Method testMethod) {
        Clause clause = testMethod.getAnnotation(Clause.class);
        if (clause == null) {
            return super.generateDisplayNameForMethod(testClass, testMethod);
        }
        String level = SpecCatalog.bundled().find(clause.value()).map(c -> c.level().text()).orElse("?");
        return "[" + clause.value() + "] " + level + " " + testMethod.getName();
    }
}
