package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.ForeignClient;
import org.ctlsock.conformance.access.Identity;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.access.TestUsers;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.load.Crowd;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The heavy variants of 7.5.2 and 9.3.4, at the sizes issue 14 saw on the reference server 1.0: four
 * concurrent bodies of the largest size, each of which parses into hundreds of MiB, and a refused user
 * with 1,100 idle connections (more than the reference server's default cap of 1024). Over 64 MiB
 * of requests and a thousand connections, so Maven runs it only with {@code -Pload}; the standalone
 * kit always runs it.
 */
@ConformanceTest
@Isolated("bodies of hundreds of MiB once parsed, a thousand connections: the machine to itself, or a slow correct server misses a deadline")
class Section7_5_HeavyResourceFaultsTest {
    private static final int LARGEST_BODY = 16 * 1024 * 1024;
    private static final int CONCURRENT_LARGEST = 4;
    private static final int REFUSED_CROWD = 1100;

    @Test
    @Clause("7.5.2")
    void fourConcurrentDeepWideBodiesOfTheLargestSizeGetAStatus(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        ServerProcess p = ResourceFaults.smallHeapInstance(target, evidence);
        byte[] body = ResourceFaults.repeated("[]", LARGEST_BODY);
        try (Crowd crowd = Crowd.connect(p.socket(), CONCURRENT_LARGEST, target.timeouts().within().multipliedBy(3))) {
            crowd.exchangeAll(ResourceFaults.post("/echo", body), target.timeouts().within().multipliedBy(6));
            evidence.note(CONCURRENT_LARGEST + " concurrent " + body.length + "-byte bodies [[],[],…] to echo: "
                    + crowd.summary());
            assertThat(crowd.outside(Set.of(200, 413, 503), false))
                    .as("Expected: each of %d concurrent %d-byte bodies [[],[],…] answered 200, 413 or 503%nActual: %s",
                            CONCURRENT_LARGEST, body.length, crowd.summary())
                    .isEmpty();
        }
        ResourceFaults.assertFreshClientAnswered(target, p, "after " + CONCURRENT_LARGEST + " concurrent 16 MiB bodies");
    }

    @Test
    @Clause("9.3.4")
    void aRefusedUsersThousandIdleConnectionsAreClosed_andTheOwnerIsAnswered(TargetSession target)
            throws IOException {
        Evidence evidence = target.evidence();
        target.requireCapability(Capability.PEERCRED);
        KitIdentity.requireRootAndSetpriv("connecting as a refused user");
        target.requireLaunchMode("the case starts the target with an allow-list and a socket other users can reach");
        Identity refused = TestUsers.OTHER;
        try (ScratchDirectory layout = ScratchDirectory.create(0755);
                ForeignClient client = ForeignClient.start(refused, target.timeouts().within())) {
            Path dir = layout.directory("open", 0755, 0, 0);
            ServerProcess p = target.launch(LaunchOptions.defaults().umask("000")
                    .options(List.of("--allow-uid", Long.toString(KitIdentity.uid()))).socketPath(dir.resolve("ctl.sock")));
            p.awaitReady();
            ForeignClient.SilentCrowd crowd = client.holdSilent(p.socket(), REFUSED_CROWD, target.timeouts().within());
            evidence.note(refused.describe() + ", refused, " + REFUSED_CROWD + " silent connections: " + crowd.summary());
            assertThat(crowd.closed())
                    .as("Expected: every connection of the refused %s closed by the server within %d ms%nActual: %s",
                            refused.describe(), target.timeouts().within().toMillis(), crowd.summary())
                    .isEqualTo(crowd.opened());
            try (RawConnection owner = target.connect(p.socket(), "the kit (listed) after the refused crowd")) {
                HttpResponse r = owner.exchange(Request.get("/nothing"));
                assertThat(r.status()).as("status of GET /nothing from the kit, whose uid is listed").isEqualTo(200);
            }
        }
    }
}
