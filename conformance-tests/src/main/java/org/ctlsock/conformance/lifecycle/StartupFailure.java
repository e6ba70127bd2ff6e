package org.ctlsock.conformance.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.implementation.ServerProcess;

/**
 * A launch that is meant to fail (spec 3.1.2, 3.3): waits for the exit, and finds the line of standard
 * error that names the socket path (clause 3.3.1).
 */
public final class StartupFailure {
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");
    /** How often a wait for a refused start looks at the process and the path. */
    private static final Duration POLL = Duration.ofMillis(10);

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

    /**
     * How a start that must be refused ended, as far as the kit waited for it.
     *
     * @param exitCode empty when the target was still running when the wait ended
     * @param startedBecause when the wait ended early because the target had plainly started or done its harm,
     *     what the kit saw (e.g. "the path changed: …"); null otherwise
     * @param waitedMillis how long the kit waited
     */
    public record Refusal(OptionalInt exitCode, String startedBecause, long waitedMillis) {
        public String stillRunningWords() {
            return "still running after " + waitedMillis + " ms" + (startedBecause == null ? "" : ", when "
                    + startedBecause);
        }
    }

    /**
     * Waits for a start that must be refused (spec 2.1.2, 2.2.3, 2.2.4) to end, watching the path
     * meanwhile. A change to the path is the violation itself and nothing the target does later undoes
     * it, so the wait ends there: a server that takes over or deletes what is at the path fails at once,
     * not after the start-up deadline. A server that leaves the path alone gets the whole deadline.
     */
    public static Refusal awaitRefusal(TargetSession target, ServerProcess p, Path path, PathSnapshot before) {
        return awaitExitUnless(target, p, () -> {
            List<String> changes = PathSnapshot.of(path).differencesFrom(before);
            return changes.isEmpty() ? null : "the path had changed: " + String.join("; ", changes);
        });
    }

    /**
     * Waits for a start that must be refused to end, or until the target answers a request on its socket:
     * a server that answers has started, whatever it does later, so waiting out the deadline would only
     * make a wrong start slow to report.
     */
    public static Refusal awaitRefusalUnlessServing(TargetSession target, ServerProcess p) {
        return awaitExitUnless(target, p, () -> p.answers() ? "it answered a request on " + p.socket() : null);
    }

    private static Refusal awaitExitUnless(TargetSession target, ServerProcess p, Supplier<String> started) {
        long start = System.nanoTime();
        long deadline = start + limit(target).toNanos();
        while (true) {
            OptionalInt code = p.awaitExit(POLL);
            String why = code.isPresent() ? null : started.get();
            if (code.isPresent() || why != null || System.nanoTime() >= deadline) {
                return new Refusal(code, why, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /** The first line of {@code stderr} that contains {@code path} and some words besides it. */
    public static Optional<String> lineNaming(String stderr, String path) {
        return stderr.lines().filter(l -> l.contains(path))
                .filter(l -> WORD.matcher(l.replace(path, " ")).find()).findFirst();
    }
}
