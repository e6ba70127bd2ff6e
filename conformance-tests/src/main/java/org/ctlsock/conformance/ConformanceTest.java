package org.ctlsock.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import org.ctlsock.conformance.junit.KitExtension;
import org.ctlsock.conformance.junit.KitJqwikHook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a clause test class: its JUnit Jupiter tests and jqwik properties get a {@link TargetSession}
 * parameter, evidence in their failure messages, and the kit's outcome rules (WARN, KNOWN-FAIL, N/A).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KitExtension.class)
@AddLifecycleHook(value = KitJqwikHook.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
@Tag("ctlsock")
public @interface ConformanceTest {
}
