package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MUST;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.AccessLayout;
import org.ctlsock.conformance.access.ForeignClient;
import org.ctlsock.conformance.access.ForeignExchange;
import org.ctlsock.conformance.access.Identity;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.access.TestUsers;
import org.ctlsock.conformance.target.Capability;
import org.ctlsock.conformance.target.LaunchOptions;
import org.ctlsock.conformance.target.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Spec 9.3.4 and 9.3.5: who the allow-list refuses, and when. A refused peer is answered 403 and
 * closed at accept, so a crowd of its idle connections cannot lock the owner out; {@code --allow-gid}
 * matches the primary gid only. Clients run as other users with setpriv (root only), against an
 * instance whose socket everyone can reach (mode 0777 in a 0755 directory) and whose allow-list lists
 * the kit's own uid, so the kit stands for the socket's owner.
 */
@ConformanceTest
class Section9_3_RefusedPeersTest {
    /** More than 7.3.2's 256: a server that kept them open would hold a crowd the size of a small cap. */
    private static final int SILENT_CONNECTIONS = 300;

    private static ServerProcess allowListInstance(TargetSession target, AccessLayout layout, List<String> allow) {
        Path dir = layout.directory("open", 0755, 0, 0);
        ServerProcess p = target.launch(LaunchOptions.defaults().umask("000").options(allow)
                .socketPath(dir.resolve("ctl.sock")));
        p.awaitReady();
        return p;
    }

    @Test
    @Clause(id = "9.3.4", level = MUST)
    @Tag("clause-9.3.4") @Tag("MUST")
    void must_9_3_4_aRefusedPeerIsAnswered403AndClosedAtAccept_soItsIdleCrowdLocksNobodyOut(TargetSession target)
            throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.PEERCRED);
        KitIdentity.requireRootAndSetpriv("connecting as a refused user");
        target.requireLaunchMode("the case starts the target with an allow-list and a socket other users can reach");
        Identity refused = TestUsers.OTHER;
        try (AccessLayout layout = AccessLayout.create();
                ForeignClient client = ForeignClient.start(refused, target.timeouts().within())) {
            ServerProcess p = allowListInstance(target, layout, List.of("--allow-uid", Long.toString(KitIdentity.uid())));
            evidence.note("allow-list: --allow-uid " + KitIdentity.uid() + " (the kit); " + refused.describe() + " opens "
                    + SILENT_CONNECTIONS + " connections and sends nothing");
            ForeignClient.SilentCrowd crowd = client.holdSilent(p.socket(), SILENT_CONNECTIONS, target.timeouts().within());
            evidence.note("refused peer's silent connections: " + crowd.summary());
            assertThat(crowd.closed())
                    .as("Expected: each of the %d connections %s opened (sending nothing) answered 403 and closed "
                            + "by the server within %d ms%nActual: %s", crowd.opened(), refused.describe(),
                            target.timeouts().within().toMillis(), crowd.summary())
                    .isEqualTo(crowd.opened());
            assertThat(crowd.opened()).as("connections the refused peer could open (%s)", crowd.summary()).isPositive();
            String first = new String(crowd.firstAnswer(), StandardCharsets.ISO_8859_1);
            assertThat(first.lines().findFirst().orElse(""))
                    .as("Expected: the answer at accept is a 403 status line%nActual: %s", crowd.summary())
                    .matches("HTTP/1\\.[01] 403( .*)?");
            try (RawConnection owner = target.connect(p.socket(), "the kit (listed) after the refused crowd")) {
                HttpResponse r = owner.exchange(Request.get("/nothing"));
                assertThat(r.status()).as("status of GET /nothing from the kit, whose uid is listed").isEqualTo(200);
            }
        }
    }

    @Test
    @Clause(id = "9.3.5", level = MUST)
    @Tag("clause-9.3.5") @Tag("MUST")
    void must_9_3_5_allowGidMatchesThePrimaryGroupOnly(TargetSession target) throws IOException {
        Evidence evidence = target.evidence();
        target.requireCapability(Capability.PEERCRED);
        KitIdentity.requireRootAndSetpriv("connecting as users with and without the listed group");
        target.requireLaunchMode("the case starts the target with an allow-list and a socket other users can reach");
        int group = TestUsers.ALLOWED_GROUP;
        Identity primary = TestUsers.ALLOWED_BY_GROUP;
        Identity supplementary = TestUsers.ALLOWED_GROUP_SUPPLEMENTARY;
        try (AccessLayout layout = AccessLayout.create();
                ForeignClient byPrimary = ForeignClient.start(primary, target.timeouts().within());
                ForeignClient bySupplementary = ForeignClient.start(supplementary, target.timeouts().within())) {
            ServerProcess p = allowListInstance(target, layout, List.of("--allow-gid", Integer.toString(group)));
            evidence.note("allow-list: --allow-gid " + group);
            HttpResponse listed = answered(byPrimary.exchange(p.socket(), Request.post("/echo", "[1]").connectionClose()),
                    evidence, "echo as " + primary.describe());
            assertThat(listed.status()).as("status of echo from %s, whose primary gid is listed", primary.describe())
                    .isEqualTo(200);
            HttpResponse other = answered(bySupplementary.exchange(p.socket(), Request.post("/echo", "[1]")
                    .connectionClose()), evidence, "echo as " + supplementary.describe());
            assertThat(other.status())
                    .as("Expected: 403 for %s, who has gid %d only as a supplementary group%nActual: %d",
                            supplementary.describe(), group, other.status())
                    .isEqualTo(403);
        }
    }

    private static HttpResponse answered(ForeignExchange x, Evidence evidence, String label) throws IOException {
        x.writeTo(evidence.newLog(label));
        assertThat(x.outcome()).as("Expected: %s connects and is answered%nActual: %s", x.who().describe(),
                x.summary()).isEqualTo(ForeignExchange.Outcome.ANSWERED);
        return x.response().orElseThrow(() -> new AssertionError("Expected: a response to " + label
                + "\nActual: the server closed the connection without one"));
    }
}
