package org.ctlsock.conformance.lifecycle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property whose every try starts target processes (seconds each, not microseconds): it runs
 * {@link #value()} tries by default, so that the whole kit stays about a minute long, and
 * {@code -Dctlsock.tries=N} when the user asks for more (or fewer); the kit-wide default (100 tries, or
 * {@code --tries}) is meant for properties that only send requests to a running target. Such a property
 * also shrinks with fewer tries, and is N/A in attach mode, where the kit cannot start the target.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LaunchTries {
    /** Tries when {@code ctlsock.tries} is not given. */
    int value();
}
