package org.ctlsock.conformance.fuzz;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the fuzz property: its tries come from {@code -Dctlsock.fuzz.tries} (default 200, {@code Setting.FUZZ_TRIES},
 * small enough for every {@code mvn verify}; the Maven profile {@code fuzz} sets 10000), and its seed from
 * {@code -Dctlsock.fuzz.seed} to replay a run (else from {@code --seed} / {@code -Dctlsock.seed}, as for
 * every property). The property prints the seed of every run ({@link FuzzRun}), so any run can be replayed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FuzzTries {
}
