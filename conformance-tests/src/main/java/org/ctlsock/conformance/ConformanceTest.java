package org.ctlsock.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.ctlsock.conformance.junit.ClauseDisplayNames;
import org.ctlsock.conformance.junit.KitExtension;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a clause test class: its JUnit Jupiter tests (property-based ones too, see {@link PropertyCheck})
 * get a {@link TargetSession} parameter, evidence in their failure messages, and the kit's outcome rules (WARN, KNOWN-FAIL, N/A).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KitExtension.class)
@DisplayNameGeneration(ClauseDisplayNames.class)
@Tag("ctlsock")
public @interface ConformanceTest {
}
