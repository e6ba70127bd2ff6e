package org.ctlsock.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The spec clause a test checks, e.g. {@code @Clause("4.2.1")}. This is the only place a case names its
 * clause: its level (which decides FAIL for MUST, MUST NOT and MAY, or WARN for SHOULD and SHOULD NOT), its
 * display name and the clause's sentence quoted in a failure all come from {@code spec/clauses.json}, so
 * that the spec and the kit cannot disagree about them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface Clause {
    /** The clause id, e.g. {@code 4.2.1}. */
    String value();
}
