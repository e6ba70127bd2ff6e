package org.ctlsock.conformance.lifecycle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The number of tries of a property whose every try starts target processes (seconds each, not
 * microseconds): {@link #value()} by default, so that the whole kit stays about a minute long, and
 * {@code -Dctlsock.tries=N} when the user asks for more (or fewer). The kit-wide jqwik default (100
 * tries) is meant for properties that only send requests to a running target.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@AddLifecycleHook(LaunchTriesHook.class)
public @interface LaunchTries {
    /** Tries when {@code ctlsock.tries} is not given. */
    int value();
}
