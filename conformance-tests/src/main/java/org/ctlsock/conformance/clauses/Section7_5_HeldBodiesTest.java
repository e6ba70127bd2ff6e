package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.load.Crowd;
import org.junit.jupiter.api.Test;

/**
 * Spec 7.5.2, amplifying bodies held at once: many bodies whose parsed form is many times their size, each kept
 * alive by a sleep, against an instance with a small heap where the kit can set one. Unlike the rest of 7.5
 * ({@link Section7_5_ResourceFaultsTest}) this class is not isolated: its bodies are 9 MiB in all, and most of its
 * time is the sleeps, which run beside the other classes instead of alone at the end of the run.
 */
@ConformanceTest
class Section7_5_HeldBodiesTest {
    private static final int SLEEPERS = 150;

    @Test
    @Clause("7.5.2")
    void manyAmplifyingBodiesHeldOpenBySleepGetAStatus(TargetSession target) {
        Evidence evidence = target.evidence();
        ServerProcess p = ResourceFaults.smallHeapInstance(target, evidence);
        // [3000,[],[],…] of 60 KiB: each sleep holds its parsed arguments for 3 s
        StringBuilder b = new StringBuilder("[3000");
        while (b.length() < 60 * 1024) {
            b.append(",[]");
        }
        byte[] body = b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
        try (Crowd crowd = Crowd.connect(p.socket(), SLEEPERS, target.timeouts().within())) {
            crowd.exchangeAll(ResourceFaults.post("/sleep", body), ResourceFaults.crowdDeadline(target));
            evidence.note(SLEEPERS + " concurrent " + body.length + "-byte bodies [3000,[],[],…] to sleep: "
                    + crowd.summary());
            assertThat(crowd.outside(Set.of(200, 503), false))
                    .as("Expected: each of %d concurrent sleep bodies within the limits answered 200 or 503%n"
                            + "Actual: %s", SLEEPERS, crowd.summary())
                    .isEmpty();
        }
        ResourceFaults.assertFreshClientAnswered(target, p, "after " + SLEEPERS + " concurrent amplifying bodies");
    }
}
