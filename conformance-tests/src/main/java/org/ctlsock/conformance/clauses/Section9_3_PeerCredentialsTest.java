package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.ForeignClient;
import org.ctlsock.conformance.access.ForeignExchange;
import org.ctlsock.conformance.access.Identity;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.access.RunAs;
import org.ctlsock.conformance.access.TestUsers;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.json.JsonValues;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/**
 * Spec 9.3: {@code whoami} answers the kernel's credentials of the connecting process, nothing the
 * client says changes them, and {@code --allow-uid}/{@code --allow-gid} answer 403 to everyone else
 * before the command runs: at accept, and closed, so that a refused peer's crowd of idle connections
 * cannot lock the owner out (9.3.4); {@code --allow-gid} matches the primary gid only (9.3.5).
 *
 * <p>Other users are real: as root the kit runs clients under other uids and gids with setpriv (no
 * accounts needed), against an instance whose socket (mode 0777, umask 000) sits in a directory every
 * user may search.
 */
@ConformanceTest
class Section9_3_PeerCredentialsTest {
    /** Everything a client could claim to be root with; none of it may count. */
    private static Request claimingToBeRoot(Request r) {
        return r.header("X-Uid", "0").header("X-Gid", "0").header("X-Pid", "1").header("X-User", "root")
                .header("X-Remote-User", "root").header("X-Forwarded-User", "root").header("Remote-User", "root")
                .header("Authorization", "Basic cm9vdDo=");
    }

    private static final String ROOT_QUERY = "?uid=0&gid=0&pid=1&user=root";

    /** Asserts a whoami answer names exactly {@code uid}, {@code gid} and {@code pid}. */
    private static void assertWhoami(HttpResponse r, long uid, long gid, long pid, String who) {
        assertThat(r.status()).as("status of whoami from %s", who).isEqualTo(200);
        assertThat(r.mediaType()).as("media type of whoami's answer").isEqualTo("application/json");
        JsonNode n = JsonValues.parse(r.body());
        assertThat(n.isObject()).as("whoami's answer is a JSON object: %s", r.bodyText()).isTrue();
        assertThat(n.path("uid").isIntegralNumber() ? n.path("uid").asLong() : null)
                .as("uid in whoami's answer %s for %s", r.bodyText(), who).isEqualTo(uid);
        assertThat(n.path("gid").isIntegralNumber() ? n.path("gid").asLong() : null)
                .as("gid in whoami's answer %s for %s", r.bodyText(), who).isEqualTo(gid);
        if (!n.path("pid").isNull()) {
            assertThat(n.path("pid").isIntegralNumber() ? n.path("pid").asLong() : null)
                    .as("pid in whoami's answer %s for %s (null is allowed only where the platform does not "
                            + "give it)", r.bodyText(), who).isEqualTo(pid);
        }
    }

    @Test
    @Clause("9.3.1")
    void whoamiAnswersTheKitsOwnCredentials(TargetSession target) throws IOException {
        target.requireCapability(Capability.PEERCRED);
        String kit = "the kit (uid " + KitIdentity.uid() + ", gid " + KitIdentity.gid() + ", pid " + KitIdentity.pid()
                + ")";
        try (RawConnection c = target.connect("whoami by GET and POST")) {
            assertWhoami(c.exchange(Request.get("/whoami")), KitIdentity.uid(), KitIdentity.gid(), KitIdentity.pid(),
                    kit + " by GET");
            assertWhoami(c.exchange(Request.post("/whoami")), KitIdentity.uid(), KitIdentity.gid(), KitIdentity.pid(),
                    kit + " by POST");
        }
    }

    /** An instance every user can reach: socket mode 0777 (umask 000) in a 0755 directory. */
    private static ServerProcess openInstance(TargetSession target, ScratchDirectory layout, List<String> options) {
        Path dir = layout.directory("open", 0755, 0, 0);
        return target.launch(LaunchOptions.defaults().umask("000").options(options).socketPath(dir.resolve("ctl.sock")));
    }

    /**
     * The instance without options that 9.3.1 and 9.3.2 both call as other users, started once for the
     * class (a JVM target takes a second or two to start) and stopped after it: the session closes it with the
     * class ({@link TargetSession#perClass}).
     */
    private static final class SharedOpenInstance implements AutoCloseable {
        private ScratchDirectory layout;
        private ServerProcess process;

        synchronized ServerProcess get(TargetSession target) {
            if (process == null || !process.process().isAlive()) {
                close();
                layout = ScratchDirectory.create(0755);
                Path dir = layout.directory("open", 0755, 0, 0);
                process = RunAs.start(target.settings(), LaunchOptions.defaults().umask("000")
                        .socketPath(dir.resolve("ctl.sock")));
                process.awaitReady();
            }
            return process;
        }

        @Override
        public synchronized void close() {
            if (process != null) {
                process.close();
                process = null;
            }
            if (layout != null) {
                layout.close();
                layout = null;
            }
        }
    }

    private static ServerProcess sharedOpenInstance(TargetSession target, Evidence evidence) {
        ServerProcess p = target.perClass("open instance", SharedOpenInstance.class, SharedOpenInstance::new)
                .get(target);
        evidence.note("instance shared by the class's cross-user cases: " + p.process().command() + " (pid "
                + p.process().pid() + ")");
        return p;
    }

    /** Starts clients as {@code users} (in parallel with whatever else starts) and waits for them. */
    private static List<ForeignClient> clients(TargetSession target, Identity... users) {
        List<ForeignClient> out = new ArrayList<>();
        for (Identity u : users) {
            out.add(ForeignClient.start(u, target.timeouts().within()));
        }
        return out;
    }

    private static HttpResponse answered(ForeignExchange x, Evidence evidence, String label) throws IOException {
        x.writeTo(evidence.newLog(label));
        assertThat(x.outcome()).as("Expected: %s connects and is answered%nActual: %s", x.who().describe(),
                x.summary()).isEqualTo(ForeignExchange.Outcome.ANSWERED);
        return x.response().orElseThrow(() -> new AssertionError("Expected: a response to " + label
                + "\nActual: the server closed the connection without one"));
    }

    @Test
    @Clause("9.3.1")
    void whoamiAnswersAnotherUsersCredentials(TargetSession target) throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.PEERCRED);
        KitIdentity.requireRootAndSetpriv("calling whoami as another user");
        target.requireLaunchMode("the case starts the target with a socket other users can reach");
        List<ForeignClient> clients = clients(target, TestUsers.OTHER, TestUsers.MEMBER);
        try {
            ServerProcess p = sharedOpenInstance(target, evidence);
            for (ForeignClient c : clients) {
                Identity u = c.who();
                HttpResponse r = answered(c.exchange(p.socket(), Request.get("/whoami").connectionClose()),
                        evidence, "whoami as " + u.describe());
                assertWhoami(r, u.uid(), u.gid(), c.pid(), u.describe() + ", pid " + c.pid());
            }
        } finally {
            clients.forEach(ForeignClient::close);
        }
    }

    /**
     * Header fields, the query and the body all claim uid 0: the answer stays the kernel's. The kit's
     * own connection always checks it; as root it also checks a client running as uid 61003, the case
     * where believing the claim would grant more.
     */
    @Test
    @Clause("9.3.2")
    void takesNoIdentityFromTheRequest(TargetSession target) throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.PEERCRED);
        long notMe = KitIdentity.isRoot() ? TestUsers.OTHER.uid() : 0;
        try (RawConnection c = target.connect("the kit claiming to be uid " + notMe)) {
            Request forged = Request.get("/whoami?uid=" + notMe + "&gid=" + notMe + "&pid=1").header("X-Uid",
                    Long.toString(notMe)).header("X-Gid", Long.toString(notMe)).header("X-User", "someone-else")
                    .body("{\"uid\":" + notMe + "}");
            assertWhoami(c.exchange(forged), KitIdentity.uid(), KitIdentity.gid(), KitIdentity.pid(),
                    "the kit, claiming uid " + notMe + " in header fields, the query and a GET body");
        }
        if (!KitIdentity.isRoot() || !KitSettings.onPath("setpriv") || target.settings().isAttached()) {
            evidence.note("the claim was checked on the kit's own connection only (checking it as another user "
                    + "needs root, setpriv and a target the kit starts)");
            return;
        }
        List<ForeignClient> clients = clients(target, TestUsers.OTHER);
        try {
            ServerProcess p = sharedOpenInstance(target, evidence);
            ForeignClient other = clients.get(0);
            Identity u = other.who();
            HttpResponse byGet = answered(other.exchange(p.socket(),
                    claimingToBeRoot(Request.get("/whoami" + ROOT_QUERY)).connectionClose()), evidence,
                    "GET whoami as " + u.describe() + ", claiming to be root");
            assertWhoami(byGet, u.uid(), u.gid(), other.pid(), u.describe() + " claiming root in header fields and "
                    + "the query");
            HttpResponse byPost = answered(other.exchange(p.socket(), claimingToBeRoot(Request.post(
                    "/whoami" + ROOT_QUERY, "[{\"uid\":0,\"gid\":0,\"pid\":1}]")).connectionClose()), evidence,
                    "POST whoami as " + u.describe() + ", claiming to be root in the body too");
            // whoami takes no arguments: refusing them is fine, answering with the claimed identity is not.
            if (byPost.status() == 200) {
                assertWhoami(byPost, u.uid(), u.gid(), other.pid(), u.describe() + " claiming root in header "
                        + "fields, the query and the body");
            }
        } finally {
            clients.forEach(ForeignClient::close);
        }
    }

    /**
     * {@code --allow-uid 61004 --allow-gid 61005}: uid 61004 and a user whose gid is 61005 are served;
     * uid 61003 and root (not listed) get 403 — for {@code fail}, which would answer 500 had it run, and
     * for {@code sleep 60000}, which could not be answered within the kit's 10-second deadline had it run.
     */
    @Test
    @Clause("9.3.3")
    void allowListAnswers403ToEveryoneElseBeforeTheCommandRuns(TargetSession target)
            throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.PEERCRED);
        KitIdentity.requireRootAndSetpriv("connecting as listed and unlisted users");
        try (ScratchDirectory layout = ScratchDirectory.create(0755)) {
            ServerProcess p = openInstance(target, layout, List.of("--allow-uid", Integer.toString(
                    TestUsers.ALLOWED.uid()), "--allow-gid", Integer.toString(TestUsers.ALLOWED_GROUP)));
            List<ForeignClient> clients = clients(target, TestUsers.ALLOWED, TestUsers.ALLOWED_BY_GROUP,
                    TestUsers.OTHER);
            try {
                p.awaitReady();
                for (ForeignClient c : clients.subList(0, 2)) {
                    HttpResponse r = answered(c.exchange(p.socket(), Request.post("/echo", "[\"listed\"]")
                            .connectionClose()), evidence, "echo as " + c.who().describe() + " (listed)");
                    assertThat(r.status()).as("status of echo from %s, listed by --allow-uid/--allow-gid",
                            c.who().describe()).isEqualTo(200);
                    assertThat(r.bodyText()).as("body of echo from %s", c.who().describe()).isEqualTo("[\"listed\"]");
                }
                ForeignClient other = clients.get(2);
                for (Request req : List.of(Request.post("/echo", "[1]"), Request.post("/fail", "[\"ran\"]"),
                        Request.get("/whoami"))) {
                    HttpResponse r = answered(other.exchange(p.socket(), req.connectionClose()), evidence,
                            req + " as " + other.who().describe() + " (not listed)");
                    assertThat(r.status()).as("status of %s from %s, whose uid and gid are not listed", req,
                            other.who().describe()).isEqualTo(403);
                }
                long sleep = 60_000;
                evidence.note("the kit (uid " + KitIdentity.uid() + ", not listed) sends sleep(" + sleep + "); its "
                        + "403 must come within " + target.timeouts().within().toMillis() + " ms");
                try (RawConnection c = target.connect(p.socket(), "the kit as root (not listed): sleep")) {
                    HttpResponse r = c.exchange(Request.post("/sleep", "[" + sleep + "]"));
                    assertThat(r.status()).as("status of sleep(%d) from root, which is not listed (a 403 before "
                            + "the command runs arrives before the sleep could end)", sleep).isEqualTo(403);
                }
                try (RawConnection c = target.connect(p.socket(), "the kit as root (not listed): fail")) {
                    HttpResponse f = c.exchange(Request.post("/fail", "[\"ran\"]"));
                    assertThat(f.status()).as("status of fail from root, not listed (500 would mean it ran)")
                            .isEqualTo(403);
                }
            } finally {
                clients.forEach(ForeignClient::close);
                p.stop();
            }
        }
    }

    /**
     * A peer the allow-list refuses learns nothing about the commands: an unknown command, a wrong method and an
     * invalid name get the same 403 as an existing command. The kit lists a uid that is not its own, so it
     * needs no other user to be the refused peer.
     */
    @Test
    @Clause("9.3.3")
    void aRefusedPeerGets403BeforeAny404Or405(TargetSession target) throws IOException {
        target.requireCapability(Capability.PEERCRED);
        target.requireLaunchMode("the case starts the target with an allow-list");
        long listed = KitIdentity.uid() == TestUsers.ALLOWED.uid() ? TestUsers.OTHER.uid() : TestUsers.ALLOWED.uid();
        long listedGroup = KitIdentity.gid() == TestUsers.ALLOWED_GROUP ? TestUsers.OTHER.gid()
                : TestUsers.ALLOWED_GROUP;
        ServerProcess p = target.launchReady(LaunchOptions.defaults().options(List.of("--allow-uid",
                Long.toString(listed), "--allow-gid", Long.toString(listedGroup))));
        for (Request req : List.of(Request.get("/echo"), Request.get("/no-such-command"),
                Request.method("PUT", "/echo"), Request.get("/echo-post"), Request.get("/a%2Fb"))) {
            try (RawConnection c = target.connect(p.socket(), req + " from the kit (uid " + KitIdentity.uid()
                    + ", not listed)")) {
                HttpResponse r = c.exchange(req.connectionClose());
                assertThat(r.status()).as("status of %s from a peer the allow-list refuses (Expected 403 whatever "
                        + "it asks: a 404 or 405 tells it which commands exist)", req).isEqualTo(403);
            }
        }
    }

    /** More than 7.3.2's 256: a server that kept them open would hold a crowd the size of a small cap (9.3.4). */
    private static final int SILENT_CONNECTIONS = 300;

    @Test
    @Clause("9.3.4")
    void aRefusedPeerIsAnswered403AndClosedAtAccept_soItsIdleCrowdLocksNobodyOut(TargetSession target)
            throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.PEERCRED);
        KitIdentity.requireRootAndSetpriv("connecting as a refused user");
        target.requireLaunchMode("the case starts the target with an allow-list and a socket other users can reach");
        Identity refused = TestUsers.OTHER;
        try (ScratchDirectory layout = ScratchDirectory.create(0755);
                ForeignClient client = ForeignClient.start(refused, target.timeouts().within())) {
            ServerProcess p = openInstance(target, layout, List.of("--allow-uid", Long.toString(KitIdentity.uid())));
            p.awaitReady();
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
    @Clause("9.3.5")
    void allowGidMatchesThePrimaryGroupOnly(TargetSession target) throws IOException {
        Evidence evidence = target.evidence();
        target.requireCapability(Capability.PEERCRED);
        KitIdentity.requireRootAndSetpriv("connecting as users with and without the listed group");
        target.requireLaunchMode("the case starts the target with an allow-list and a socket other users can reach");
        int group = TestUsers.ALLOWED_GROUP;
        Identity primary = TestUsers.ALLOWED_BY_GROUP;
        Identity supplementary = TestUsers.ALLOWED_GROUP_SUPPLEMENTARY;
        try (ScratchDirectory layout = ScratchDirectory.create(0755);
                ForeignClient byPrimary = ForeignClient.start(primary, target.timeouts().within());
                ForeignClient bySupplementary = ForeignClient.start(supplementary, target.timeouts().within())) {
            ServerProcess p = openInstance(target, layout, List.of("--allow-gid", Integer.toString(group)));
            p.awaitReady();
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
}
