package org.ctlsock.conformance.lifecycle;

import java.util.OptionalInt;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.TreeSnapshot;
import org.ctlsock.conformance.implementation.ServerProcess;

/**
 * What one start against a {@link StartupObstacle} did: exit status, standard error, and the directory
 * tree before and after. Clauses 3.1.2, 3.3.1, 3.3.2 and 3.3.3 ask different questions of the same
 * start, so each obstacle is tried once per run and target, and every case that asks about it reads the
 * same observation (its evidence is copied into each case's).
 *
 * @param exitCode empty when the target was still running at the deadline, or answered on its socket (it started)
 * @param stillRunning when {@code exitCode} is empty, how long the kit waited and what ended the wait
 */
public record FailedStart(StartupObstacle obstacle, String socketPath, String commandLine, OptionalInt exitCode,
        String stillRunning, String stderr, TreeSnapshot before, TreeSnapshot after, String outputTails) {

    /** The observation for {@code obstacle}, starting the target once if no case did so yet. */
    public static FailedStart of(TargetSession target, StartupObstacle obstacle) {
        target.requireLaunchMode("this case starts the target where it cannot start");
        obstacle.requireApplicable(target);
        // Once per run (the run's shared values), whichever class asks first.
        boolean[] observedNow = {false};
        FailedStart seen = target.perRun("failed start: " + obstacle.name(), FailedStart.class, () -> {
            observedNow[0] = true;
            return observe(target, obstacle);
        });
        if (!observedNow[0]) {
            target.evidence().note("(this start was observed once for all the clauses that ask about it)");
        }
        seen.addTo(target);
        return seen;
    }

    private static FailedStart observe(TargetSession target, StartupObstacle obstacle) {
        try (ScratchDirectory scratch = ScratchDirectory.create(0755);
                StartupObstacle.Prepared prep = obstacle.prepare(scratch)) {
            TreeSnapshot before = TreeSnapshot.of(scratch.path());
            PathSnapshot atPath = PathSnapshot.of(prep.socket());
            ServerProcess p = target.launch(prep.options());
            // Something at the path that must stay as it was: any change ends the wait (the harm is done).
            // Otherwise a target that answers on its socket has started, and the wait ends there too.
            StartupFailure.Refusal refusal = obstacle.holdsSomethingAtThePath()
                    ? StartupFailure.awaitRefusal(target, p, prep.socket(), atPath)
                    : StartupFailure.awaitRefusalUnlessServing(target, p);
            TreeSnapshot after = TreeSnapshot.of(scratch.path());
            p.stop();
            return new FailedStart(obstacle, prep.socket().toString(), String.join(" ", p.process().command()),
                    refusal.exitCode(), refusal.stillRunningWords(), p.process().stderr(), before, after,
                    p.outputTails());
        }
    }

    private void addTo(TargetSession target) {
        target.evidence().note("start with " + obstacle.words() + ": " + commandLine + "\n  exit status: "
                + (exitCode.isPresent() ? exitCode.getAsInt() : "none, " + stillRunning)
                + "\n  standard error:\n" + stderr.indent(4) + "  directory before:\n" + before.toString().indent(4)
                + "  directory after:\n" + after.toString().indent(4));
    }

    /** The exit status, or N/A when the target started (whether it should have is {@code decidedBy}'s question). */
    public int exitStatusOrNotApplicable() {
        if (exitCode.isEmpty()) {
            throw new NotApplicable("the target started with " + obstacle.words() + " instead of refusing; clause "
                    + obstacle.decidedBy() + " reports that, this clause is about a server that does not start");
        }
        int code = exitCode.getAsInt();
        if (obstacle == StartupObstacle.PERMISSION_DENIED && (code == 126 || code == 127)) {
            // The shell's "cannot execute" / "not found": the target's command itself is out of reach of
            // uid 65534 on this machine (e.g. an interpreter under /root), so the server never ran.
            throw new NotApplicable("the target's command could not be run as uid 65534 here (status " + code
                    + "): " + stderr.strip());
        }
        return code;
    }
}
