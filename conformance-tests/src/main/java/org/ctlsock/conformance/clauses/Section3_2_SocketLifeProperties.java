package org.ctlsock.conformance.clauses;

import static org.ctlsock.conformance.spec.Level.MUST;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.PropertyCheck;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.lifecycle.LaunchTries;
import org.ctlsock.conformance.lifecycle.SocketLifeWorld;
import org.ctlsock.conformance.lifecycle.SocketLifeWorld.At;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Spec 3.2.1 and the socket-file clauses around it (2.2, 3.4, 3.5), as a stateful property: random chains
 * of start / request / SIGKILL / restart / SIGTERM / plant a regular file / plant a stale socket / remove
 * the path, each step checked against a model of the socket file ({@link SocketLifeWorld}). A failing
 * chain is shrunk (steps dropped, steps replaced by earlier ones of the list below) to a short one; it and
 * its seed are in the failure message and the seed in the report. {@code -Dctlsock.tries} runs more chains.
 */
@ConformanceTest
class Section3_2_SocketLifeProperties {
    /** The longest chain: long enough for start, twin start, kill, restart… and short enough to run in seconds. */
    private static final int MAX_STEPS = 6;

    /** One step of a chain: what it does, and when it applies (a step that does not apply is skipped). */
    enum Step {
        START("start", 3, w -> true, SocketLifeWorld::start),
        REQUEST("request", 2, w -> w.at() == At.OWN_SOCKET, SocketLifeWorld::request),
        KILL("SIGKILL", 1, SocketLifeWorld::anyRunning, SocketLifeWorld::kill),
        RESTART("restart", 1, SocketLifeWorld::ownerRunning, SocketLifeWorld::restart),
        TERMINATE("SIGTERM", 2, SocketLifeWorld::anyRunning, SocketLifeWorld::terminate),
        PLANT_FILE("plant a regular file", 1, w -> w.at() != At.REGULAR_FILE, SocketLifeWorld::plantRegularFile),
        PLANT_STALE("plant a stale socket", 1, w -> true, SocketLifeWorld::plantStaleSocket),
        REMOVE("remove the path", 1, w -> w.at() != At.NOTHING, SocketLifeWorld::removePath);

        final String label;
        final int weight;
        final Predicate<SocketLifeWorld> applies;
        final Consumer<SocketLifeWorld> action;

        Step(String label, int weight, Predicate<SocketLifeWorld> applies, Consumer<SocketLifeWorld> action) {
            this.label = label;
            this.weight = weight;
            this.applies = applies;
            this.action = action;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static Gen<List<Step>> chains() {
        List<Pair<Integer, Gen<Step>>> weighted = java.util.Arrays.stream(Step.values())
                .map(s -> Pair.of(s.weight, Generate.constant(s))).toList();
        return SourceDSL.lists().of(Generate.frequency(weighted)).ofSizeBetween(1, MAX_STEPS);
    }

    @Test
    @LaunchTries(2)
    @Clause(id = "3.2.1", level = MUST)
    @Tag("clause-3.2.1") @Tag("MUST")
    void must_3_2_1_socketFileFollowsTheModel(PropertyCheck property, TargetSession target) {
        property.forAll(chains(), chain -> {
            target.requireLaunchMode("this property starts, signals and kills target instances");
            try (SocketLifeWorld world = new SocketLifeWorld(target)) {
                for (Step step : chain) {
                    if (step.applies.test(world)) {
                        step.action.accept(world);
                    } else {
                        target.evidence().note("skipped \"" + step + "\": it does not apply to " + world);
                    }
                }
            }
        });
    }
}
