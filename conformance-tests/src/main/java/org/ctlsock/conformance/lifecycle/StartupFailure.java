package org.ctlsock.conformance.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.target.ServerProcess;

/**
 * A launch that is meant to fail (spec 3.1.2, 3.3): waits for the exit, and finds the line of standard
 * error that names the socket path (clause 3.3.1).
 */
public final class StartupFailure {
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");

    private StartupFailure() {
    }

    /**
     * How long a start gets to end, one way or the other: three times "within", as the harness gives
     * readiness, since a JVM or an interpreter starting on a loaded machine is slow and slowness to start
     * is no conformance question.
     */
    public static Duration limit(TargetSession target) {
        return target.timeouts().within().multipliedBy(3);
    }

    /** The exit status, or empty when the target was still running at the start-up deadline (it started). */
    public static OptionalInt awaitExit(TargetSession target, ServerProcess p) {
        return p.awaitExit(limit(target));
    }

    /**
     * For clauses about what a server does <em>when</em> it cannot start (3.1.2, 3.3.x): the exit status,
     * or N/A when the target started after all, since whether it should have is another clause's
     * question ({@code decidedBy}), reported there.
     */
    public static int exitStatusOrNotApplicable(TargetSession target, ServerProcess p, String situation,
            String decidedBy) {
        OptionalInt code = awaitExit(target, p);
        if (code.isEmpty()) {
            throw new NotApplicable("the target started (" + situation + ") instead of refusing to; clause "
                    + decidedBy + " reports that, this clause is about a server that does not start");
        }
        return code.getAsInt();
    }

    /** The first line of {@code stderr} that contains {@code path} and some words besides it. */
    public static Optional<String> lineNaming(String stderr, String path) {
        return stderr.lines().filter(l -> l.contains(path))
                .filter(l -> WORD.matcher(l.replace(path, " ")).find()).findFirst();
    }
}
