package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.ForeignClient;
import org.ctlsock.conformance.access.ForeignExchange;
import org.ctlsock.conformance.access.Identity;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.access.RunAs;
import org.ctlsock.conformance.access.TestUsers;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.filesystem.TreeSnapshot;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;

/**
 * Spec 9.2: {@code --group NAME-OR-GID} gives the socket that group, by name and by number, from the
 * moment the path exists; a group that does not exist, or that the server may not set, makes it refuse
 * to start (exit code 7) without creating the socket.
 */
@ConformanceTest
class Section9_2_ExplicitGroupTest {
    private static final String NO_SUCH_GROUP = "ctlsock-no-such-group";

    /** A group from /etc/group. */
    private record Group(String name, int gid) {
    }

    /**
     * A group the target may set that is not the kit's own (so that the result cannot come from the
     * default): as root any group from /etc/group; otherwise one of the kit's supplementary groups.
     */
    private static Group settableGroup() throws IOException {
        Path etcGroup = Path.of("/etc/group");
        if (!Files.isReadable(etcGroup)) {
            throw new NotApplicable("no /etc/group to find a group by name in");
        }
        long own = KitIdentity.gid();
        long[] mine = KitIdentity.groups();
        try (Stream<String> lines = Files.lines(etcGroup)) {
            Optional<Group> g = lines.map(l -> l.split(":", -1)).filter(f -> f.length >= 3 && f[2].matches("\\d+"))
                    .map(f -> new Group(f[0], Integer.parseInt(f[2])))
                    .filter(x -> x.gid() != own && x.gid() != 0)
                    .filter(x -> KitIdentity.isRoot() || Arrays.stream(mine).anyMatch(m -> m == x.gid()))
                    .findFirst();
            return g.orElseThrow(() -> new NotApplicable("the kit runs as uid " + KitIdentity.uid() + " and has no "
                    + "group other than its own that a server it starts may set (run as root, or with a "
                    + "supplementary group listed in /etc/group)"));
        }
    }

    /**
     * By name and by number, two instances at once. The group is read when the path first appears and
     * again once the instance answers.
     */
    @Test
    @Clause("9.2.1")
    void socketGetsTheGroupByNameAndByNumber(TargetSession target) throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.GROUP);
        Group g = settableGroup();
        List<String> values = List.of(g.name(), Integer.toString(g.gid()));
        List<ServerProcess> instances = new ArrayList<>();
        for (String v : values) {
            instances.add(target.launch(LaunchOptions.defaults().options(List.of("--group", v))));
        }
        PathSnapshot[] firstSeen = new PathSnapshot[instances.size()];
        long deadline = System.nanoTime() + target.timeouts().within().toNanos();
        int seen = 0;
        while (seen < instances.size() && System.nanoTime() < deadline) {
            seen = 0;
            boolean anyAlive = false;
            for (int i = 0; i < instances.size(); i++) {
                if (firstSeen[i] == null) {
                    firstSeen[i] = PathSnapshot.of(instances.get(i).socket()).present().orElse(null);
                    anyAlive |= instances.get(i).process().isAlive();
                }
                seen += firstSeen[i] == null ? 0 : 1;
            }
            if (seen < instances.size()) {
                if (!anyAlive) {
                    break;
                }
                waitBriefly(instances);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            ServerProcess p = instances.get(i);
            p.awaitReady();
            PathSnapshot now = PathSnapshot.require(p.socket());
            evidence.note("--group " + values.get(i) + ": first seen as " + (firstSeen[i] == null ? "(not seen)"
                    : firstSeen[i]) + ", once answering " + now);
            if (now.gid() != g.gid()) {
                wrong.add("--group " + values.get(i) + ": group " + now.gid());
            } else if (firstSeen[i] != null && firstSeen[i].gid() != g.gid()) {
                wrong.add("--group " + values.get(i) + ": group " + firstSeen[i].gid() + " when the path appeared");
            }
        }
        assertThat(wrong).as("Expected: the socket's group is %s (gid %d), given by name and by number, from the "
                + "moment the path exists (the kit's own group is %d)%nActual:", g.name(), g.gid(), KitIdentity.gid())
                .isEmpty();
    }

    /**
     * The worked example of spec 10.6, for real: the target runs as root with {@code --mode 0660 --group
     * G} in a directory {@code root:G 0750}; a member of G (not the owner, G only as a supplementary
     * group) connects and is answered, another user cannot connect, and root can. G is a group from
     * /etc/group (e.g. daemon), standing for the example's {@code appctl}.
     */
    @Test
    @Clause("9.2.1")
    void workedExampleGroupMembersConnectAndOthersCannot(TargetSession target)
            throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.GROUP);
        target.requireCapability(Capability.MODE);
        KitIdentity.requireRootAndSetpriv("connecting as a member and a non-member of the socket's group");
        Group g = settableGroup();
        Identity member = Identity.of("member of " + g.name(), 61010, 61010, g.gid());
        try (ScratchDirectory layout = ScratchDirectory.create(0755)) {
            Path dir = layout.directory("appd", 0750, 0, g.gid());
            Path socket = dir.resolve("ctl.sock");
            List<ForeignClient> clients = List.of(ForeignClient.start(member, target.timeouts().within()),
                    ForeignClient.start(TestUsers.OTHER, target.timeouts().within()));
            ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(socket)
                    .options(List.of("--mode", "0660", "--group", g.name())));
            try {
                p.awaitReady();
                PathSnapshot s = PathSnapshot.require(socket);
                evidence.note("directory: " + PathSnapshot.require(dir) + "; socket: " + s);
                if (s.perms() != 0660) {
                    // Not this clause's failure: the [9.1.1] cases report a --mode that is not applied.
                    throw new NotApplicable("the socket's mode is " + PathSnapshot.octal(s.perms()) + ", not the 0660 "
                            + "that --mode asked for (clause 9.1.1 fails, see its cases); the worked example needs "
                            + "it");
                }
                assertThat(s.gid()).as("the socket's group (--group %s)", g.name()).isEqualTo(g.gid());
                ForeignExchange byMember = clients.get(0).exchange(socket, Request.post("/echo", "[\"hi\"]")
                        .connectionClose());
                byMember.writeTo(evidence.newLog("as " + member.describe()));
                assertThat(byMember.outcome()).as("Expected: %s connects%nActual: %s", member.describe(),
                        byMember.summary()).isEqualTo(ForeignExchange.Outcome.ANSWERED);
                assertThat(byMember.response().map(HttpResponse::bodyText).orElse(null))
                        .as("echo [\"hi\"] answered to %s", member.describe()).isEqualTo("[\"hi\"]");
                ForeignExchange byOther = clients.get(1).exchange(socket, Request.get("/echo").connectionClose());
                byOther.writeTo(evidence.newLog("as " + TestUsers.OTHER.describe()));
                assertThat(byOther.outcome()).as("Expected: %s cannot connect (no search permission on the 0750 "
                        + "directory, no write permission on the 0660 socket)%nActual: %s",
                        TestUsers.OTHER.describe(), byOther.summary()).isEqualTo(ForeignExchange.Outcome.DENIED);
                try (RawConnection c = target.connect(socket, "the kit as root")) {
                    assertThat(c.exchange(Request.get("/echo")).status()).as("status of GET /echo from root")
                            .isEqualTo(200);
                }
            } finally {
                clients.forEach(ForeignClient::close);
                p.stop();
            }
        }
    }

    private static void waitBriefly(List<ServerProcess> instances) {
        try {
            instances.get(0).process().process().waitFor(2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Clause("9.2.1")
    void refusesAGroupThatDoesNotExist(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.GROUP);
        GroupErrorRun r = groupErrors(target).unknown();
        note(evidence, r);
        assertRefused(r, "--group " + NO_SUCH_GROUP + " (no such group)", target);
    }

    /** A number the group database does not list is refused too (the clause says "name or number"). */
    @Test
    @Clause("9.2.1")
    void refusesAGroupNumberThatIsNotListed(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.GROUP);
        GroupErrorRun r = groupErrors(target).unlistedNumber();
        note(evidence, r);
        assertRefused(r, "--group " + r.value() + " (a number /etc/group does not list)", target);
    }

    /**
     * As a non-root user (uid 61001, gid 61001, no other groups), a group it is not a member of cannot be
     * set: the target must refuse to start rather than serve with another group.
     */
    @Test
    @Clause("9.2.1")
    void refusesAGroupItMayNotSet(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.GROUP);
        KitIdentity.requireRootAndSetpriv("starting the target as a user who may not set the group");
        GroupErrorRun r = groupErrors(target).notPermitted();
        note(evidence, r);
        assertRefused(r, "--group " + r.value() + " as uid " + TestUsers.OWNER.uid() + " (not a member)", target);
    }

    @Test
    @Clause("3.3.2")
    void groupErrorsExitWithStatus7(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.GROUP);
        GroupErrors all = groupErrors(target);
        List<String> wrong = new ArrayList<>();
        for (GroupErrorRun r : all.runs()) {
            note(evidence, r);
            if (r.exit().isEmpty() || r.exit().getAsInt() != 7) {
                wrong.add("--group " + r.value() + ": exit " + (r.exit().isEmpty() ? "(none)" : r.exit().getAsInt()));
            }
        }
        assertThat(wrong).as("Expected: exit status 7 when the --group group is not listed or cannot be set%nActual:")
                .isEmpty();
    }

    private static void assertRefused(GroupErrorRun r, String what, TargetSession target) {
        assertThat(r.exit()).as("exit status of the target started with %s (empty: still running after %d ms)", what,
                target.timeouts().within().toMillis()).isPresent();
        assertThat(r.exit().getAsInt()).as("exit status of the target started with %s", what).isNotZero();
        assertThat(r.leftovers()).as("what the target started with %s left in the socket's directory", what)
                .isEmpty();
    }

    private static void note(Evidence evidence, GroupErrorRun r) {
        evidence.note(String.join(" ", r.commandLine()) + " → exit " + (r.exit().isEmpty() ? "(none: stopped)"
                : r.exit().getAsInt()) + "; stderr: " + r.stderr().strip() + "; left in the directory: "
                + r.leftovers());
    }

    /** How one start with an unusable group ended. */
    private record GroupErrorRun(String value, List<String> commandLine, OptionalInt exit, String stderr,
            List<String> leftovers) {
    }

    /** The error starts (the last only when the kit can run the target as another user). */
    private record GroupErrors(GroupErrorRun unknown, GroupErrorRun unlistedNumber,
            GroupErrorRun notPermitted) {
        List<GroupErrorRun> runs() {
            return notPermitted == null ? List.of(unknown, unlistedNumber) : List.of(unknown, unlistedNumber,
                    notPermitted);
        }
    }

    /** A gid that /etc/group does not list (searching down from 61099). */
    private static int unlistedGid() {
        java.util.Set<Integer> listed = new java.util.HashSet<>();
        try (Stream<String> lines = Files.lines(Path.of("/etc/group"))) {
            lines.map(l -> l.split(":", -1)).filter(f -> f.length >= 3 && f[2].matches("\\d+"))
                    .forEach(f -> listed.add(Integer.parseInt(f[2])));
        } catch (IOException e) {
            // No group database to consult: any high number will do.
        }
        int g = 61099;
        while (listed.contains(g)) {
            g--;
        }
        return g;
    }

    /**
     * Starts both refusals at once, shared by the MUST cases and the SHOULD case of exit status 7: once per class
     * run ({@link TargetSession#perClass}).
     */
    private static GroupErrors groupErrors(TargetSession target) {
        target.requireLaunchMode("the case starts the target with a group it cannot use");
        return target.perClass("unusable --group values", GroupErrors.class, () -> startGroupErrors(target));
    }

    private static GroupErrors startGroupErrors(TargetSession target) {
        target.requireLaunchMode("the case starts the target with a group it cannot use");
        boolean asOther = KitIdentity.isRoot() && KitSettings.onPath("setpriv");
        ServerProcess unknown = RunAs.start(target.settings(),
                LaunchOptions.defaults().options(List.of("--group", NO_SUCH_GROUP)));
        String unlisted = Integer.toString(unlistedGid());
        ServerProcess unlistedNumber = RunAs.start(target.settings(),
                LaunchOptions.defaults().options(List.of("--group", unlisted)));
        ServerProcess notPermitted = null;
        ScratchDirectory layout = null;
        try {
            String gid = null;
            if (asOther) {
                layout = ScratchDirectory.create(0755);
                Path dir = layout.directory("group-refused", 0755, TestUsers.OWNER.uid(), TestUsers.OWNER.gid());
                gid = Integer.toString(settableGroupOrDaemon());
                notPermitted = RunAs.start(target.settings(), LaunchOptions.defaults()
                        .options(List.of("--group", gid)).socketPath(dir.resolve("ctl.sock"))
                        .wrapper(RunAs.wrapper(TestUsers.OWNER)));
            }
            GroupErrorRun u = finish(unknown, NO_SUCH_GROUP, unknown.runDir(), KitIdentity.uid(), target);
            GroupErrorRun un = finish(unlistedNumber, unlisted, unlistedNumber.runDir(), KitIdentity.uid(), target);
            GroupErrorRun n = notPermitted == null ? null
                    : finish(notPermitted, gid, notPermitted.socket().getParent(),
                            TestUsers.OWNER.uid(), target);
            return new GroupErrors(u, un, n);
        } finally {
            unknown.close();
            unlistedNumber.close();
            if (notPermitted != null) {
                notPermitted.close();
            }
            if (layout != null) {
                layout.close();
            }
        }
    }

    /** A gid that uid 61001 is not a member of: a real group from /etc/group, so that it surely "exists". */
    private static int settableGroupOrDaemon() {
        try {
            return settableGroup().gid();
        } catch (IOException | NotApplicable e) {
            return 1;
        }
    }

    /** The start's outcome; what it left in {@code dir}, its start lock file (2.6.2) of uid {@code serverUid} allowed. */
    private static GroupErrorRun finish(ServerProcess p, String value, Path dir, long serverUid, TargetSession target) {
        OptionalInt exit = p.awaitExit(target.timeouts().within());
        List<String> left;
        try {
            left = List.copyOf(ServerLockFile.leftBesides(TreeSnapshot.of(dir), p.socket(), serverUid, Set.of())
                    .keySet());
        } catch (UncheckedIOException e) {
            left = List.of("(cannot list " + dir + ": " + e.getMessage() + ")");
        }
        return new GroupErrorRun(value, p.process().command(), exit, p.process().stderr(), left);
    }

    /**
     * Variation rule 3 (HARNESS.md): --group, alone and with --mode, in every socket-file situation of the table
     * ({@link SocketFileCombinations}): in a set-group-ID directory of another group, under umask 077, replacing a
     * stale socket.
     */
    @Test
    @Clause("9.2.1")
    void groupHoldsWithModeAndInEverySituation(TargetSession target) {
        target.requireCapability(Capability.GROUP);
        List<String> wrong = SocketFileCombinations.wrongSockets(target, SocketFileCombinations.rows(o -> o.group),
                SocketFileCombinations.Aspect.GROUP);
        assertThat(wrong).as("Expected: %s%nActual:", SocketFileCombinations.rule(
                org.ctlsock.conformance.access.KitIdentity.effectiveGid())).isEmpty();
    }
}
