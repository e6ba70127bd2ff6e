package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ctlsock.conformance.spec.Level.MUST;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.AccessMatrix;
import org.ctlsock.conformance.access.AccessMatrix.Cell;
import org.ctlsock.conformance.access.AccessMatrix.ModeSource;
import org.ctlsock.conformance.access.AccessMatrix.Probe;
import org.ctlsock.conformance.access.ForeignClient;
import org.ctlsock.conformance.access.ForeignExchange;
import org.ctlsock.conformance.access.Identity;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.access.LinuxConnectRule;
import org.ctlsock.conformance.access.MatrixTable;
import org.ctlsock.conformance.access.RunAs;
import org.ctlsock.conformance.access.TestUsers;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.spec.Level;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mode decides who may connect, checked for real (the kit as root runs clients under other uids):
 * socket modes 0600 … 0777 × the socket's directory 0755 / 0750 / 0700 × owner / group member / other.
 * The target itself runs as a non-root owner (uid 61001, gid 61001), so that "owner" is a real user.
 *
 * <p>The same matrix is run twice: with the mode made by the umask alone (clause 2.3.1: the bits are
 * {@code 0777 & ~umask}) and with {@code --mode} under a umask that would give another mode (clause
 * 9.1.1, for targets that claim {@code mode}). Each cell is a case named like {@code [9.1.1] mode 0660
 * (--mode 0660), in 0750 dir, as group member → connect allowed}; the expected outcome follows the Linux
 * rules of spec 10.1 for the mode that was asked for, so a server that sets another mode fails the
 * cells (each also checks the socket's mode as stat(2) sees it). The whole matrix is also written to {@code access-matrix-*.md}
 * beside the report.
 *
 * <p>Not root, or no setpriv: every cell is N/A with that reason.
 */
@ConformanceTest
class Section9_1_WhoMayConnectTest {
    /**
     * Each matrix costs one target instance per mode, so it runs once: with --mode where the target
     * claims it, else with the umask.
     */
    static final String UMASK_MATRIX_SKIPPED = "the target claims the capability \"mode\", so the access matrix runs "
            + "once, with --mode (the [9.1.1] cells), to keep the kit fast; the umask's mode as a non-root owner, and "
            + "who may then connect, is checked by umaskGivesItsModeToANonRootOwnersSocket";


    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("optionCells")
    @Clause("9.1.1")
    void explicitModeDecidesWhoMayConnect(String name, Cell cell, LinuxConnectRule.Verdict planned,
            TargetSession target) throws IOException {
        target.requireCapability(Capability.MODE);
        check(target, ModeSource.OPTION, "9.1.1", cell, planned);
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("umaskCells")
    @Clause("2.3.1")
    void umaskModeDecidesWhoMayConnect(String name, Cell cell, LinuxConnectRule.Verdict planned,
            TargetSession target) throws IOException {
        if (cell == null) {
            throw new NotApplicable(UMASK_MATRIX_SKIPPED);
        }
        check(target, ModeSource.UMASK, "2.3.1", cell, planned);
    }

    static Stream<Arguments> optionCells(TargetSession target) throws IOException {
        if (!target.settings().claims(Capability.MODE)) {
            return Stream.of(Arguments.of("[9.1.1] who may connect, modes set with --mode", null, null));
        }
        return cells(target.settings(), ModeSource.OPTION, "9.1.1");
    }

    static Stream<Arguments> umaskCells(TargetSession target) throws IOException {
        if (target.settings().claims(Capability.MODE)) {
            return Stream.of(Arguments.of("[2.3.1] who may connect, modes made by the umask", null, null));
        }
        return cells(target.settings(), ModeSource.UMASK, "2.3.1");
    }

    /** The cells, each named after what it checks; none when the run does not select the clause. */
    private static Stream<Arguments> cells(KitSettings settings, ModeSource source, String clause)
            throws IOException {
        if (!settings.selects(clause, Level.MUST)) {
            return Stream.empty();
        }
        List<Arguments> out = new ArrayList<>();
        for (int mode : AccessMatrix.SOCKET_MODES) {
            for (int dir : AccessMatrix.DIRECTORY_MODES) {
                for (Identity who : AccessMatrix.USERS) {
                    Cell cell = new Cell(mode, dir, who);
                    LinuxConnectRule.Verdict planned = plannedVerdict(cell);
                    String name = "[" + clause + "] mode " + PathSnapshot.octal(mode) + " (" + source.describe(mode)
                            + "), in " + PathSnapshot.octal(dir) + " dir, as " + who.role() + " → connect "
                            + (planned.allowed() ? "allowed" : "denied");
                    out.add(Arguments.of(name, cell, planned));
                }
            }
        }
        return out.stream();
    }

    /** The verdict for the layout the matrix builds (/tmp/ctlsock-lc-X 0755 root, then the socket's directory). */
    private static LinuxConnectRule.Verdict plannedVerdict(Cell cell) throws IOException {
        Path tmp = Path.of("/tmp");
        List<PathSnapshot> dirs = new ArrayList<>(PathSnapshot.directoriesOf(tmp.resolve("x")));
        dirs.add(PathSnapshot.plannedDir(tmp.resolve("ctlsock-lc-…"), 0755, 0, 0));
        dirs.add(PathSnapshot.plannedDir(tmp.resolve("ctlsock-lc-…/m" + PathSnapshot.octal(cell.socketMode())),
                cell.directoryMode(), TestUsers.OWNER.uid(), TestUsers.SOCKET_GROUP));
        return LinuxConnectRule.decide(cell.who(), dirs, cell.socketMode(), TestUsers.OWNER.uid(),
                TestUsers.SOCKET_GROUP);
    }

    private static void check(TargetSession target, ModeSource source, String clause, Cell cell,
            LinuxConnectRule.Verdict planned) throws IOException {
        target.requireLaunchMode("the access matrix starts the target as another user");
        if (source == ModeSource.OPTION) {
            target.requireCapability(Capability.MODE);
        }
        KitIdentity.requireRootAndSetpriv("checking who may connect");
        AccessMatrix matrix = matrix(target, source, clause);
        Evidence evidence = target.evidence();
        evidence.note(matrix.serverOf(cell.socketMode()));
        String notStarted = matrix.startFailure(cell.socketMode());
        if (notStarted != null) {
            throw new AssertionError("Expected: the target, run as uid " + TestUsers.OWNER.uid() + " gid "
                    + TestUsers.SOCKET_GROUP + " with " + source.describe(cell.socketMode()) + ", starts and creates "
                    + "its socket with mode " + PathSnapshot.octal(cell.socketMode()) + "\nActual: " + notStarted);
        }
        Probe p = matrix.probe(cell);
        evidence.note("socket: " + p.socket() + "; directories: " + p.directories().stream()
                .map(d -> d.path() + " " + PathSnapshot.octal(d.perms()) + " " + d.uid() + ":" + d.gid()).toList());
        evidence.note("expected by the Linux rules: " + (p.expected().allowed() ? "allowed" : "denied") + " — "
                + p.expected().reason());
        p.actual().writeTo(evidence.newLog("as " + cell.who().describe()));
        if (p.expected().allowed() != planned.allowed()) {
            throw new KitError("the matrix's directories are not as planned: " + p.directories());
        }

        assertThat(PathSnapshot.octal(p.socket().perms())).as("the socket's mode, asked for with %s",
                source.describe(cell.socketMode())).isEqualTo(PathSnapshot.octal(cell.socketMode()));
        assertThat(p.socket().uid()).as("the socket's owner (the target runs as uid %d)", TestUsers.OWNER.uid())
                .isEqualTo(TestUsers.OWNER.uid());
        assertThat(p.socket().gid()).as("the socket's group (the target's group; the directory is not set-gid)")
                .isEqualTo(TestUsers.SOCKET_GROUP);
        ForeignExchange actual = p.actual();
        if (p.expected().allowed()) {
            assertThat(actual.outcome()).as("Expected: %s may connect (%s)%nActual: %s", cell.who().describe(),
                    p.expected().reason(), actual.summary()).isEqualTo(ForeignExchange.Outcome.ANSWERED);
            HttpResponse r = actual.response().orElse(null);
            assertThat(r).as("a response to GET /echo from %s", cell.who().describe()).isNotNull();
            target.assertServing(r, "GET /echo from " + cell.who().describe());
        } else {
            assertThat(actual.outcome()).as("Expected: connect(2) as %s refused with EACCES (%s)%nActual: %s",
                    cell.who().describe(), p.expected().reason(), actual.summary())
                    .isEqualTo(ForeignExchange.Outcome.DENIED);
        }
    }

    /** One matrix run per mode source and class run, shared by its cells: an AccessMatrix, or what it failed with. */
    private static AccessMatrix matrix(TargetSession target, ModeSource source, String clause) {
        Object r = target.perClass("access matrix " + source, Object.class, () -> {
            try {
                AccessMatrix m = AccessMatrix.run(target.settings(), source);
                MatrixTable.write(target.settings().reportDir(), m, clause);
                return m;
            } catch (RuntimeException e) {
                return e;
            }
        });
        if (r instanceof RuntimeException e) {
            throw e;
        }
        return (AccessMatrix) r;
    }

    /**
     * The umask alone gives a non-root owner's socket its mode (0777 &amp; ~umask), also for the umasks
     * that take away the owner's own execute bit (177, 117), which a server binding in a private
     * directory must not let make that directory unusable; and the mode then decides who may connect.
     * Three instances (umask 177, 117, 007) as uid 61001 in 0755 directories; owner, group member and
     * other each try to connect.
     */
    @Test
    @Clause("2.3.1")
    void umaskGivesItsModeToANonRootOwnersSocket(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireLaunchMode("the case starts the target as another user");
        KitIdentity.requireRootAndSetpriv("running the target as a non-root owner");
        AccessMatrix m = AccessMatrix.run(target.settings(), ModeSource.UMASK, List.of(0600, 0660, 0770),
                List.of(0755));
        List<String> wrong = new ArrayList<>();
        for (int mode : m.socketModes()) {
            evidence.note(m.serverOf(mode));
            if (m.startFailure(mode) != null) {
                wrong.add("umask " + String.format("%03o", 0777 & ~mode) + ": the target did not start: "
                        + m.startFailure(mode).lines().findFirst().orElse("") + " (see its output above)");
                continue;
            }
            for (Identity who : AccessMatrix.USERS) {
                Probe p = m.probe(new Cell(mode, 0755, who));
                p.actual().writeTo(evidence.newLog("as " + who.describe() + " to the socket of umask "
                        + String.format("%03o", 0777 & ~mode)));
                if (p.socket().perms() != mode) {
                    wrong.add(ModeSource.UMASK.describe(mode) + ": socket mode "
                            + PathSnapshot.octal(p.socket().perms()) + ", expected " + PathSnapshot.octal(mode));
                    break;
                }
                boolean answered = p.actual().connected();
                if (answered != p.expected().allowed()) {
                    wrong.add(ModeSource.UMASK.describe(mode) + ", as " + who.role() + ": expected "
                            + (p.expected().allowed() ? "allowed" : "denied") + " (" + p.expected().reason()
                            + "), actual: " + p.actual().summary());
                }
            }
        }
        assertThat(wrong).as("Expected: each instance starts as uid %d, its socket has mode 0777 & ~umask, and "
                + "exactly the users that mode admits can connect%nActual: these did not", TestUsers.OWNER.uid())
                .isEmpty();
    }

    /**
     * A set-group-ID directory gives the socket its group (clause 2.3.3), and that group's members may
     * connect although they are neither the owner nor in the owner's group. The directory is root's,
     * group 61007, mode 02770; the target runs as uid 61001 with 61007 as a supplementary group (so it
     * may create the socket there), under umask 007 (socket 0770).
     */
    @Test
    @Clause("2.3.3")
    void setgidDirectoryGroupAdmitsItsMembers(TargetSession target) throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireLaunchMode("the case starts the target as another user");
        KitIdentity.requireRootAndSetpriv("connecting as a member of the directory's group");
        int dirGroup = 61007;
        Identity serverUser = Identity.of("owner", TestUsers.OWNER.uid(), TestUsers.OWNER.gid(), dirGroup);
        Identity dirMember = Identity.of("member of the directory's group", 61008, 61008, dirGroup);
        List<Identity> users = List.of(dirMember, TestUsers.MEMBER, TestUsers.OTHER);
        try (ScratchDirectory layout = ScratchDirectory.create(0755)) {
            Path dir = layout.directory("setgid", 02770, 0, dirGroup);
            Path socket = dir.resolve("ctl.sock");
            List<ForeignClient> clients = users.stream()
                    .map(u -> ForeignClient.start(u, target.timeouts().within())).toList();
            ServerProcess p = null;
            try {
                p = RunAs.start(target.settings(), LaunchOptions.defaults().umask("007")
                        .socketPath(socket).wrapper(RunAs.wrapper(serverUser)));
                evidence.own(p);
                evidence.note("started " + p.process().command() + " in " + PathSnapshot.require(dir));
                p.awaitReady();
                PathSnapshot s = PathSnapshot.require(socket);
                evidence.note("socket: " + s);
                assertThat(s.gid()).as("the socket's group in a set-gid directory of group %d (the target's own group "
                        + "is %d)", dirGroup, serverUser.gid()).isEqualTo(dirGroup);
                for (ForeignClient c : clients) {
                    LinuxConnectRule.Verdict expected = LinuxConnectRule.decide(c.who(),
                            PathSnapshot.directoriesOf(socket), 0770, serverUser.uid(), dirGroup);
                    ForeignExchange x = c.exchange(socket, Request.get("/echo").connectionClose());
                    x.writeTo(evidence.newLog("as " + c.who().describe()));
                    // Without the command set (spec 8.5) any answer shows the client served.
                    boolean answered = x.connected() && x.response().map(r -> r.status() == 200
                            || !target.claims(Capability.COMMANDS)).orElse(false);
                    assertThat(answered).as("Expected: %s %s (%s)%nActual: %s", c.who().describe(),
                            expected.allowed() ? "may connect and is answered 200" : "may not connect",
                            expected.reason(), x.summary()).isEqualTo(expected.allowed());
                    if (!expected.allowed()) {
                        assertThat(x.outcome()).as("how %s was kept out", c.who().describe())
                                .isEqualTo(ForeignExchange.Outcome.DENIED);
                    }
                }
                assertThat(LinuxConnectRule.decide(dirMember, PathSnapshot.directoriesOf(socket), 0770,
                        serverUser.uid(), dirGroup).allowed()).as("the kit's own expectation: a member of the "
                        + "directory's group may connect").isTrue();
            } finally {
                clients.forEach(ForeignClient::close);
                if (p != null) {
                    p.stop(); // before its directory goes; the evidence keeps its output
                }
            }
        }
    }
}
