package org.ctlsock.conformance.clauses;

import static org.ctlsock.conformance.spec.Level.MUST;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.lifecycle.LaunchTries;
import org.ctlsock.conformance.lifecycle.SocketLifeWorld;
import org.ctlsock.conformance.lifecycle.SocketLifeWorld.At;

/**
 * Spec 3.2.1 and the socket-file clauses around it (2.2, 3.4, 3.5), as a stateful property: random chains
 * of start / request / SIGKILL / restart / SIGTERM / plant a regular file / plant a stale socket / remove
 * the path, each step checked against a model of the socket file ({@link SocketLifeWorld}). The seed is
 * in the report ({@code ctlsock.seed}) and in the failure message for replay; {@code -Dctlsock.tries}
 * runs more chains.
 */
@ConformanceTest
class Section3_2_SocketLifeProperties {
    /** The world of the try being generated; the chain's initial state needs the case's TargetSession. */
    private static final ThreadLocal<TargetSession> TARGET = new ThreadLocal<>();
    private static final ThreadLocal<List<SocketLifeWorld>> WORLDS = ThreadLocal.withInitial(ArrayList::new);

    @Provide
    Arbitrary<ActionChain<SocketLifeWorld>> chains() {
        return ActionChain.<SocketLifeWorld>startWith(() -> {
            SocketLifeWorld w = new SocketLifeWorld(TARGET.get());
            WORLDS.get().add(w);
            return w;
        })
                .withAction(3, Action.<SocketLifeWorld>builder().describeAs("start").justMutate(SocketLifeWorld::start))
                .withAction(2, Action.<SocketLifeWorld>when(w -> w.at() == At.OWN_SOCKET).describeAs("request")
                        .justMutate(SocketLifeWorld::request))
                .withAction(1, Action.<SocketLifeWorld>when(SocketLifeWorld::anyRunning).describeAs("SIGKILL")
                        .justMutate(SocketLifeWorld::kill))
                .withAction(1, Action.<SocketLifeWorld>when(SocketLifeWorld::ownerRunning).describeAs("restart")
                        .justMutate(SocketLifeWorld::restart))
                .withAction(2, Action.<SocketLifeWorld>when(SocketLifeWorld::anyRunning).describeAs("SIGTERM")
                        .justMutate(SocketLifeWorld::terminate))
                .withAction(1, Action.<SocketLifeWorld>when(w -> w.at() != At.REGULAR_FILE)
                        .describeAs("plant a regular file").justMutate(SocketLifeWorld::plantRegularFile))
                .withAction(1, Action.<SocketLifeWorld>builder().describeAs("plant a stale socket")
                        .justMutate(SocketLifeWorld::plantStaleSocket))
                .withAction(1, Action.<SocketLifeWorld>when(w -> w.at() != At.NOTHING).describeAs("remove the path")
                        .justMutate(SocketLifeWorld::removePath))
                .withMaxTransformations(6);
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    @LaunchTries(2)
    @Clause(id = "3.2.1", level = MUST)
    @Tag("clause-3.2.1") @Tag("MUST")
    void must_3_2_1_socketFileFollowsTheModel(@ForAll("chains") ActionChain<SocketLifeWorld> chain,
            TargetSession target) {
        target.requireLaunchMode("this property starts, signals and kills target instances");
        TARGET.set(target);
        try {
            chain.run();
        } finally {
            TARGET.remove();
            WORLDS.get().forEach(SocketLifeWorld::close);
            WORLDS.get().clear();
        }
    }
}
