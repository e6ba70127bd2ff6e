package org.ctlsock.conformance.clauses;


import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.PropertyCheck;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.lifecycle.LaunchTries;
import org.ctlsock.conformance.lifecycle.SocketLifeWorld;
import org.ctlsock.conformance.lifecycle.SocketLifeWorld.At;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Spec 3.2.1 and the socket-file clauses around it (2.2, 3.4, 3.5), as a stateful property: random chains
 * of start / request / SIGKILL / restart / SIGTERM / plant a regular file / plant a stale socket / remove
 * the path, each step checked against a model of the socket file ({@link SocketLifeWorld}). A failing
 * chain is shrunk (steps dropped, steps replaced by the first that applies) to a short one; it and
 * its seed are in the failure message and the seed in the report. {@code -Dctlsock.tries} runs more chains.
 */
@ConformanceTest
class Section3_2_SocketLifeProperties {
    /** The longest chain: long enough for start, twin start, kill, restart… and short enough to run in seconds. */
    private static final int MAX_STEPS = 6;

    /** One step of a chain: what it does, how often it is chosen, and when it applies. */
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

    /**
     * A chain as the choices that make it: each picks, by weight, one of the steps that apply at that point (as
     * the model says), so that every step of a chain does something. Choice 0 is the first step that applies
     * ("start" applies always), which is where shrinking leads; dropping choices shortens the chain.
     */
    static final class Chain {
        private final List<Integer> choices;
        private final List<Step> ran = new ArrayList<>();

        Chain(List<Integer> choices) {
            this.choices = choices;
        }

        void run(SocketLifeWorld world) {
            for (int choice : choices) {
                List<Step> weighted = new ArrayList<>();
                for (Step s : Step.values()) {
                    if (s.applies.test(world)) {
                        weighted.addAll(Collections.nCopies(s.weight, s));
                    }
                }
                Step step = weighted.get(choice % weighted.size());
                ran.add(step);
                step.action.accept(world);
            }
        }

        /** The steps, once the chain has run (they depend on the state the model is in); before, the choices. */
        @Override
        public String toString() {
            if (ran.isEmpty()) {
                return "choices " + choices;
            }
            return ran.stream().map(Step::toString).collect(Collectors.joining(" → "))
                    + (ran.size() < choices.size() ? " (the last step failed; " + (choices.size() - ran.size())
                            + " more did not run)" : "");
        }
    }

    private static Gen<Chain> chains() {
        int allWeights = java.util.Arrays.stream(Step.values()).mapToInt(s -> s.weight).sum();
        return SourceDSL.lists().of(Generate.range(0, allWeights - 1)).ofSizeBetween(1, MAX_STEPS).map(Chain::new);
    }

    @Test
    @LaunchTries(2)
    @Clause("3.2.1")
    void socketFileFollowsTheModel(PropertyCheck property, TargetSession target) {
        property.forAll(chains(), chain -> {
            target.requireLaunchMode("this property starts, signals and kills target instances");
            try (SocketLifeWorld world = new SocketLifeWorld(target)) {
                chain.run(world);
            }
        });
    }
}
