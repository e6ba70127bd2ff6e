package org.ctlsock.conformance.clauses;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ctlsock.conformance.Clause;
import org.ctlsock.conformance.ConformanceTest;
import org.ctlsock.conformance.Evidence;
import org.ctlsock.conformance.NotApplicable;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.access.AccessMatrix;
import org.ctlsock.conformance.access.InstanceBatch;
import org.ctlsock.conformance.access.KitIdentity;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Spec 9.1: {@code --mode OCTAL} gives the socket exactly those bits whatever the umask, from the moment
 * the path exists; a value that is not an octal number from 0 to 0777 is a usage error.
 *
 * <p>Instances start overlapped (one per mode, {@link InstanceBatch}) to keep the kit fast. Who may then connect is checked
 * for real by {@link Section9_1_WhoMayConnectTest}.
 */
@ConformanceTest
class Section9_1_ExplicitModeTest {
    private static final List<String> BAD_VALUES = List.of("0800", "01000");

    /**
     * The bad-value runs, shared by the MUST case (non-zero, nothing created) and the SHOULD case (status
     * 2): made once per class run ({@link TargetSession#perClass}).
     */
    private record BadValueRuns(List<BadValueRun> runs) {
    }

    /** What one start with a bad {@code --mode} value came to. */
    private record BadValueRun(String value, List<String> commandLine, OptionalInt exit, String stderr,
            List<String> leftovers) {
    }

    /**
     * Under umask 077 only the modes with group or other bits tell anything (bind(2) alone would give
     * 0700, and 0600 or 0700 come out the same whether --mode is applied, ignored or masked), so those
     * four are started.
     */
    @Test
    @Clause("9.1.1")
    void modeIsExactUnderARestrictiveUmask(TargetSession target) throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.MODE);
        assertModesExact(target, evidence, "077", List.of(0660, 0666, 0770, 0777));
    }

    @Test
    @Clause("9.1.1")
    void modeIsExactUnderAPermissiveUmask(TargetSession target) throws IOException {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.MODE);
        if (KitIdentity.isRoot() && KitSettings.onPath("setpriv") && !target.settings().isAttached()) {
            throw new NotApplicable("checked by the [9.1.1] cells of Section9_1_WhoMayConnectTest, each of which "
                    + "starts --mode M under umask 000 and checks the socket's mode (this case runs when the kit "
                    + "cannot run the access matrix, i.e. not as root)");
        }
        assertModesExact(target, evidence, "000", AccessMatrix.SOCKET_MODES);
    }

    /**
     * Starts one instance per mode with {@code --mode} under {@code umask}, overlapped;
     * records each socket's mode when the path first appears and once the instance answers.
     */
    private static void assertModesExact(TargetSession target, Evidence evidence, String umask, List<Integer> modes)
            throws IOException {
        List<Supplier<ServerProcess>> launches = new ArrayList<>();
        for (int mode : modes) {
            launches.add(() -> target.launch(LaunchOptions.defaults().umask(umask)
                    .options(List.of("--mode", PathSnapshot.octal(mode)))));
        }
        Map<ServerProcess, PathSnapshot> firstSeen = new HashMap<>();
        List<InstanceBatch.Started> started = InstanceBatch.start(launches, p -> {
            firstSeen.put(p, firstSight(p, target));
            p.awaitReady();
        });
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            int mode = modes.get(i);
            ServerProcess p = started.get(i).process();
            if (!started.get(i).ready()) {
                throw started.get(i).notReady();
            }
            PathSnapshot now = PathSnapshot.require(p.socket());
            PathSnapshot first = firstSeen.get(p);
            evidence.note("--mode " + PathSnapshot.octal(mode) + ", umask " + umask + ": first seen as "
                    + (first == null ? "(not seen before ready)" : first) + ", once answering " + now);
            if (!now.isSocket() || now.perms() != mode) {
                wrong.add("--mode " + PathSnapshot.octal(mode) + ": " + now);
            } else if (first != null && first.perms() != mode) {
                wrong.add("--mode " + PathSnapshot.octal(mode) + ": " + first + " when the path appeared");
            }
        }
        assertThat(wrong).as("Expected: with --mode M under umask %s, the socket's mode is exactly M from the moment "
                + "the path exists%nActual: these were not", umask).isEmpty();
    }

    /** Polls for the socket path; its lstat as soon as it exists (null if the instance exits or the deadline passes). */
    private static PathSnapshot firstSight(ServerProcess p, TargetSession target) {
        long deadline = System.nanoTime() + target.timeouts().within().toNanos();
        while (System.nanoTime() < deadline) {
            PathSnapshot f = PathSnapshot.of(p.socket());
            if (f.exists()) {
                return f;
            }
            if (p.awaitExit(Duration.ofMillis(2)).isPresent()) {
                return null;
            }
        }
        return null;
    }

    @Test
    @Clause("9.1.1")
    void refusesAModeThatIsNotOctalUpTo0777(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.MODE);
        List<String> wrong = new ArrayList<>();
        for (BadValueRun r : badValueRuns(target)) {
            note(evidence, r);
            if (r.exit().isEmpty()) {
                wrong.add("--mode " + r.value() + ": still running after " + target.timeouts().within().toMillis()
                        + " ms (it was stopped)");
            } else if (r.exit().getAsInt() == 0) {
                wrong.add("--mode " + r.value() + ": exit status 0");
            }
            if (!r.leftovers().isEmpty()) {
                wrong.add("--mode " + r.value() + ": left " + r.leftovers() + " in the socket's directory");
            }
        }
        assertThat(wrong).as("Expected: a --mode value that is not an octal number from 0 to 0777 (%s) makes the "
                + "target exit with a non-zero status without creating anything%nActual:", BAD_VALUES).isEmpty();
    }

    @Test
    @Clause("3.3.2")
    void badModeValueExitsWithStatus2(TargetSession target) {
        Evidence evidence = target.evidence(); // this case's (a resolved parameter would be the previous case's)
        target.requireCapability(Capability.MODE);
        List<String> wrong = new ArrayList<>();
        for (BadValueRun r : badValueRuns(target)) {
            note(evidence, r);
            if (r.exit().isEmpty() || r.exit().getAsInt() != 2) {
                wrong.add("--mode " + r.value() + ": exit " + (r.exit().isEmpty() ? "(none)" : r.exit().getAsInt()));
            }
        }
        assertThat(wrong).as("Expected: exit status 2 (usage error, clause 9.1.1) for each bad --mode value%nActual:")
                .isEmpty();
    }

    private static void note(Evidence evidence, BadValueRun r) {
        evidence.note(String.join(" ", r.commandLine()) + " → exit " + (r.exit().isEmpty() ? "(none: stopped)"
                : r.exit().getAsInt()) + "; stderr: " + r.stderr().strip());
    }

    /** Starts the target once per bad value, all at once, and records how each start ended. */
    private static List<BadValueRun> badValueRuns(TargetSession target) {
        target.requireLaunchMode("the case starts the target with bad option values");
        return target.perClass("bad --mode values", BadValueRuns.class, () -> startBadValues(target)).runs();
    }

    private static BadValueRuns startBadValues(TargetSession target) {
        target.requireLaunchMode("the case starts the target with bad option values");
        List<ServerProcess> started = new ArrayList<>();
        List<BadValueRun> runs = new ArrayList<>();
        try {
            for (String v : BAD_VALUES) {
                started.add(org.ctlsock.conformance.access.RunAs.start(target.settings(),
                        LaunchOptions.defaults().options(List.of("--mode", v))));
            }
            for (int i = 0; i < started.size(); i++) {
                ServerProcess p = started.get(i);
                OptionalInt exit = p.awaitExit(target.timeouts().within());
                List<String> left;
                try (Stream<Path> s = Files.list(p.runDir())) {
                    left = s.map(x -> x.getFileName().toString()).toList();
                } catch (IOException e) {
                    left = List.of("(cannot list " + p.runDir() + ": " + e.getMessage() + ")");
                }
                runs.add(new BadValueRun(BAD_VALUES.get(i), p.process().command(), exit, p.process().stderr(), left));
            }
        } finally {
            started.forEach(ServerProcess::close);
        }
        return new BadValueRuns(List.copyOf(runs));
    }

    /**
     * Variation rule 3 (HARNESS.md): --mode, alone and with --group, in every socket-file situation of the table
     * ({@link SocketFileCombinations}): under umask 077, in a set-group-ID directory, replacing a stale socket.
     */
    @Test
    @Clause("9.1.1")
    void modeHoldsWithGroupAndInEverySituation(TargetSession target) {
        target.requireCapability(Capability.MODE);
        List<String> wrong = SocketFileCombinations.wrongSockets(target, SocketFileCombinations.rows(o -> o.mode),
                SocketFileCombinations.Aspect.MODE);
        assertThat(wrong).as("Expected: %s%nActual:", SocketFileCombinations.rule(
                org.ctlsock.conformance.access.KitIdentity.effectiveGid())).isEmpty();
    }
}
