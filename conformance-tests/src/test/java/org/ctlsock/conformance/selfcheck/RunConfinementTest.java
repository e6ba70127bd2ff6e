package org.ctlsock.conformance.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/**
 * The self-check's "nothing outlives a run" check finds what a run leaves, however it left it (a process that
 * detached from its parent, a directory in /tmp), and nothing that another run on the machine does meanwhile.
 */
class RunConfinementTest {
    /** Not a @TempDir: that lies under /tmp, which the confined run sees covered. */
    private final Path dir = Path.of("target", "run-confinement-test-" + System.nanoTime()).toAbsolutePath();

    @AfterEach
    void removeDir() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void findsADetachedProcessAndADirectoryTheRunLeft() throws Exception {
        assumeTrue(RunConfinement.unavailableFor(List.of(dir)).isEmpty(), () -> "no confinement here: "
                + RunConfinement.unavailableFor(List.of(dir)).orElse(""));
        RunConfinement c = RunConfinement.in(dir);
        // A double fork: the sleeper's parent exits at once, so it is no descendant of the run any more.
        int status = run(c.wrap(List.of("sh", "-c", "mkdir /tmp/ctlsock-left-behind /tmp/ctlsock-lc-123 "
                + "/tmp/ctlsock-go-fixture-cache; (setsid sleep 60 &) ; exit 0")));
        assertThat(status).as("exit status of the confined run").isZero();
        List<String> left = c.leftovers(200);
        assertThat(left).as("what the run left (a target's own ctlsock-go-* is not the kit's)").hasSize(3);
        assertThat(left).anyMatch(l -> l.startsWith("process ") && l.contains("sleep 60"));
        assertThat(left).contains("/tmp/ctlsock-lc-123", "/tmp/ctlsock-left-behind");
        assertThat(c.leftovers(5_000)).as("after the check killed the process")
                .containsExactly("/tmp/ctlsock-lc-123", "/tmp/ctlsock-left-behind");
    }

    @Test
    void aRunThatCleansUpLeavesNothingAndItsTmpIsRemoved() throws Exception {
        assumeTrue(RunConfinement.unavailableFor(List.of(dir)).isEmpty(), () -> "no confinement here");
        RunConfinement c = RunConfinement.in(dir);
        int status = run(c.wrap(List.of("sh", "-c", "d=$(mktemp -d /tmp/ctlsock-XXXX) && sleep 0.1 & wait; "
                + "rm -rf /tmp/ctlsock-*; test -d /tmp && test -k /tmp && test -d \"$TMPDIR\" && test \"$TMPDIR\" != /tmp")));
        assertThat(status).as("exit status of the confined run (its /tmp exists and is sticky, TMPDIR is the machine's)")
                .isZero();
        assertThat(c.leftovers(5_000)).isEmpty();
        assertThat(dir.resolve("tmp")).doesNotExist();
    }

    @Test
    void aProcessCountsOnlyWhenItsTmpIsThisRunsDirectory() throws Exception {
        // No namespace needed: the decision is the mountinfo's. The kernel reuses a finished namespace's number,
        // so another run's process may show the number this run's namespace had; its /tmp is that run's directory.
        RunConfinement c = RunConfinement.in(dir);
        String ours = dir.resolve("tmp").toAbsolutePath().toString();
        String other = dir.resolveSibling("other-run").resolve("tmp").toAbsolutePath().toString();
        String root = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw";
        assertThat(c.tmpIsThisRuns(List.of(root, "90 22 8:1 " + ours + " /tmp rw,relatime - ext4 /dev/sda1 rw")))
                .as("this run's directory mounted at /tmp").isTrue();
        assertThat(c.tmpIsThisRuns(List.of(root, "90 22 8:1 " + ours.substring(ours.indexOf('/', 1))
                + " /tmp rw - ext4 /dev/sdb1 rw"))).as("the same, on a file system mounted below /").isTrue();
        assertThat(c.tmpIsThisRuns(List.of(root, "90 22 8:1 " + other + " /tmp rw,relatime - ext4 /dev/sda1 rw")))
                .as("another run's directory at /tmp").isFalse();
        assertThat(c.tmpIsThisRuns(List.of(root, "91 22 0:40 / /tmp rw - tmpfs tmpfs rw"))).as("the machine's /tmp")
                .isFalse();
        assertThat(c.tmpIsThisRuns(List.of(root))).as("no mount at /tmp").isFalse();
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return p.exitValue();
    }
}
