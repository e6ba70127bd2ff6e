package org.ctlsock.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.ctlsock.conformance.spec.Level;

/**
 * The spec clause a test checks. The report groups outcomes by it, the failure message quotes the
 * clause's sentence, and the level decides FAIL (MUST, MUST NOT, MAY) or WARN (SHOULD, SHOULD NOT).
 * Add the matching JUnit tags too ({@code @Tag("clause-4.2.1") @Tag("MUST")}) so that
 * {@code -Dgroups=…} selects; {@code KitConventionsTest} checks that they agree.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface Clause {
    /** The clause id, e.g. {@code 4.2.1}. */
    String id();

    /** The clause's level as in the spec. */
    Level level();
}
