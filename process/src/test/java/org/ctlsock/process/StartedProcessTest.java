package org.ctlsock.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Observes started processes from outside: /proc, the files they write. */
class StartedProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path dir;

    @BeforeEach
    void freshDirectory() throws IOException {
        dir = Directories.fresh("ctlsock-process-test-");
    }

    @AfterEach
    void removeDirectory() {
        Directories.deleteTree(dir);
    }

    private Launch shell(String script) {
        return Launch.of("/bin/sh", "-c", script).in(dir).output(dir.resolve("out.log"), dir.resolve("err.log"))
                .grace(Duration.ofSeconds(2));
    }

    /** A shell that forks a long-running grandchild, writes its pid, then waits (a master and its worker). */
    private static final String MASTER_AND_WORKER = "sleep 300 & echo $! > worker.pid; wait";

    @Test
    void stopLeavesNeitherTheProcessNorWhatItForked() throws Exception {
        try (StartedProcess p = shell(MASTER_AND_WORKER).start()) {
            long worker = awaitPid("worker.pid");
            assertThat(Proc.alive(worker)).isTrue();
            assertThat(p.members()).contains(p.pid(), worker);

            StopResult stop = p.stop();

            assertThat(Proc.alive(p.pid())).isFalse();
            assertThat(Proc.alive(worker)).as("the worker the shell forked").isFalse();
            // The shell exits on SIGTERM at once; the worker got no SIGTERM and outlived the grace period.
            assertThat(stop.neededKill()).isTrue();
            assertThat(p.members()).isEmpty();
            assertThat(LiveProcesses.contains(p)).as("left for the shutdown hook").isFalse();
        }
    }

    @Test
    void killReachesAWorkerThatOutlivedItsMaster() throws Exception {
        // Issue 19: after SIGKILL of gunicorn's master, its orphaned worker still answered.
        try (StartedProcess p = shell(MASTER_AND_WORKER).start()) {
            long worker = awaitPid("worker.pid");
            ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly(); // the master dies; the worker is re-parented
            p.awaitExit(WAIT);
            assertThat(Proc.alive(worker)).as("precondition: the orphan lives on").isTrue();
            assertThat(ProcessHandle.of(p.pid()).map(h -> h.descendants().count()).orElse(0L)).isZero();

            assertThat(LiveProcesses.contains(p)).as("its worker still runs").isTrue();

            assertThat(p.kill()).isTrue();

            assertThat(Proc.alive(worker)).isFalse();
            assertThat(LiveProcesses.contains(p)).isFalse();
        }
    }

    @Test
    void aProcessThatStopsOnSigtermNeedsNoKill() throws Exception {
        try (StartedProcess p = Launch.of("sleep", "300").in(dir).start()) {
            StopResult stop = p.stop();
            assertThat(stop.neededKill()).isFalse();
            assertThat(stop.exitCode()).isEqualTo(143); // 128 + SIGTERM
            assertThat(p.stop()).isSameAs(stop);
        }
    }

    @Test
    void theProcessLeadsASessionOfItsOwn() throws Exception {
        try (StartedProcess p = shell("echo started > started; exec sleep 300").start()) {
            awaitFile("started"); // written by the command itself, so after setsid(1)
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertThat(Long.parseLong(f[2])).as("process group").isEqualTo(p.pid());
            assertThat(Long.parseLong(f[3])).as("session").isEqualTo(p.pid());
        }
    }

    @Test
    void umaskIsTheCallersAndStdinIsEmpty() throws Exception {
        try (StartedProcess p = shell("umask; wc -c").umask("027").start()) {
            assertThat(p.awaitExit(WAIT)).hasValue(0);
            assertThat(p.stdout().lines().toList()).containsExactly("0027", "0");
        }
        try (StartedProcess p = shell("umask").umask("0").start()) {
            p.awaitExit(WAIT);
            assertThat(p.stdout().strip()).isEqualTo("0000");
        }
    }

    @Test
    void stderrTailKeepsTheEndAndSaysHowMuchCameBefore() throws Exception {
        try (StartedProcess p = shell("i=0; while [ $i -lt 1000 ]; do echo \"line $i of the error\" >&2; "
                + "i=$((i+1)); done; echo out").start()) {
            assertThat(p.awaitExit(WAIT)).hasValue(0);
            String tail = p.stderrTail();
            assertThat(tail).endsWith("line 999 of the error\n").contains(" bytes before)\n")
                    .doesNotContain("line 0 of");
            assertThat(tail.length()).isLessThan(OutputTail.DEFAULT_BYTES + 100);
            assertThat(p.stderr()).startsWith("line 0 of the error\n");
            assertThat(p.stdoutTail()).isEqualTo("out\n");
        }
    }

    @Test
    void mergedOutputAndEnvironment() throws Exception {
        Path log = dir.resolve("both.log");
        try (StartedProcess p = Launch.of("/bin/sh", "-c", "echo \"$GREETING\"; echo err >&2").in(dir)
                .env("GREETING", "hello").output(log, log).start()) {
            p.awaitExit(WAIT);
            assertThat(Files.readString(log).lines().toList()).containsExactlyInAnyOrder("hello", "err");
        }
    }

    @Test
    void aCommandThatIsNotFoundExitsWith127() throws Exception {
        try (StartedProcess p = Launch.of("ctlsock-no-such-program").in(dir).umask("022").start()) {
            assertThat(p.awaitExit(WAIT)).hasValue(127);
        }
    }

    @Test
    void runReturnsTheOutputAndLeavesNothingRunning() throws Exception {
        Finished f = Launch.of("/bin/sh", "-c", "sleep 300 & echo $! > worker.pid; echo out; echo err >&2; exit 3")
                .in(dir).run(WAIT);
        assertThat(f.exitCode()).hasValue(3);
        assertThat(f.stdout()).isEqualTo("out\n");
        assertThat(f.stderr()).isEqualTo("err\n");
        assertThat(Proc.alive(awaitPid("worker.pid"))).as("what it left running in the background").isFalse();

        Finished slow = Launch.of("sleep", "300").in(dir).run(Duration.ofMillis(200));
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.exitStatus()).isEqualTo(-1);
    }

    @Test
    void aDirectoryLeftBehindByAWriterStaysOwnedForTheJvmsExit() throws Exception {
        // A process still creating files in a directory while it is deleted (a case's target, stopped after the
        // case's directory was closed) can leave it behind: it must stay on the list the JVM's exit sweeps.
        int leftBehind = 0;
        for (int round = 0; round < 20 && leftBehind == 0; round++) {
            Path d = Directories.fresh("ctlsock-process-test-written-");
            String writeFiles = "i=0; while :; do : > \"$0/f$i\"; i=$((i+1)); done";
            try (StartedProcess writer = Launch.of("/bin/sh", "-c", writeFiles, d.toString()).start()) {
                awaitExists(d.resolve("f1"));
                assertThat(writer.isAlive()).as("the writer, still writing while the directory is deleted").isTrue();
                Directories.deleteTree(d);
                if (Files.exists(d)) {
                    leftBehind++;
                    assertThat(LiveProcesses.owns(d)).as("a directory deleteTree could not remove, still owned")
                            .isTrue();
                }
            }
            Directories.deleteTree(d);
            assertThat(d).doesNotExist();
            assertThat(LiveProcesses.owns(d)).as("a removed directory, no longer owned").isFalse();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(leftBehind > 0, "in 20 rounds the writer never outran "
                + "deleteTree, so the case of a directory left behind did not occur");
    }

    private static void awaitExists(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(5); // poll interval, bounded by the deadline
        }
        assertThat(file).exists();
    }

    @Test
    void closeDeletesTheDirectoryItOwns() throws Exception {
        Path home = Directories.fresh("ctlsock-process-test-home-");
        StartedProcess p = Launch.of("sleep", "300").in(home).owning(home).start();
        p.close();
        assertThat(home).doesNotExist();
    }

    @Test
    void aJvmEndedBySigtermKillsWhatItStarted() throws Exception {
        // A child JVM starts a master and worker through Launch and is then sent SIGTERM, as a CI job's timeout
        // would: its shutdown hook must take both with it.
        try (StartedProcess jvm = childJvm(StartsAndWaits.class).output(dir.resolve("jvm.out"), dir.resolve("jvm.err"))
                .start()) {
            long worker = awaitPid("worker.pid");
            long master = awaitPid("master.pid");
            jvm.terminate();
            assertThat(jvm.awaitExit(WAIT)).as(jvm.stderrTail()).isPresent();
            assertThat(awaitDead(List.of(master, worker))).as("master and worker after the JVM's exit").isTrue();
        }
    }

    @Test
    void aJvmEndedBySigtermRemovesTheDirectoriesItMade() throws Exception {
        try (StartedProcess jvm = childJvm(StartsAndWaits.class).output(dir.resolve("jvm.out"), dir.resolve("jvm.err"))
                .start()) {
            Path made = Path.of(awaitFile("made.dir"));
            assertThat(made).isDirectory();
            jvm.terminate();
            assertThat(jvm.awaitExit(WAIT)).as(jvm.stderrTail()).isPresent();
            assertThat(made).as("the directory the JVM made, after its exit").doesNotExist();
        }
    }

    @Test
    void aStartDuringShutdownIsRefusedAndKilled() throws Exception {
        // The JVM is already going down when a thread starts a process: the case of a kit stopped by SIGTERM
        // before it had started anything, while a case was about to start its target. The JVM halts when its hooks
        // end, so a process started then would outlive it, and a directory made then would stay.
        Finished f = childJvm(StartsWhileShuttingDown.class).run(WAIT);
        assertThat(dir.resolve("refused")).as("what the child JVM's hook said; its stderr:\n" + f.stderr()).exists();
        String said = Files.readString(dir.resolve("refused"), StandardCharsets.UTF_8);
        assertThat(said).as(f.stderr()).contains("directory refused: the JVM is shutting down")
                .contains("start refused: the JVM is shutting down");
        Matcher m = Pattern.compile("pid (\\d+) \\[sleep").matcher(said);
        assertThat(m.find()).as(said).isTrue();
        assertThat(awaitDead(List.of(Long.parseLong(m.group(1))))).as("the process started during shutdown").isTrue();
        try (var left = Files.newDirectoryStream(Path.of("/tmp"), "ctlsock-during-shutdown-" + ProcessHandle
                .current().pid() + "-*")) {
            assertThat(left).as("directories made during shutdown").isEmpty();
        }
    }

    /** A JVM of this test's class path running {@code main} with the test's directory as its argument, in it. */
    private Launch childJvm(Class<?> main) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Launch.of(java.toString(), "-cp", System.getProperty("java.class.path"), main.getName(), dir.toString())
                .in(dir);
    }

    /** The child JVM of {@link #aStartDuringShutdownIsRefusedAndKilled()}: it starts from its own shutdown hook. */
    public static final class StartsWhileShuttingDown {
        public static void main(String[] args) {
            Path dir = Path.of(args[0]);
            String prefix = "ctlsock-during-shutdown-" + ProcessHandle.current().parent().orElseThrow().pid() + "-";
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                StringBuilder said = new StringBuilder();
                try {
                    Directories.fresh(prefix);
                    said.append("directory made\n");
                } catch (IOException e) {
                    said.append("directory refused: ").append(e.getMessage()).append('\n');
                }
                try {
                    Launch.of("sleep", "300").start();
                    said.append("started\n");
                } catch (IOException e) {
                    said.append("start refused: ").append(e.getMessage()).append('\n');
                }
                try {
                    Files.writeString(dir.resolve("refused"), said);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
    }

    /** The child JVM of {@link #aJvmEndedBySigtermKillsWhatItStarted()} and the directory test. */
    public static final class StartsAndWaits {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Path made = Directories.fresh("ctlsock-process-test-made-");
            Files.writeString(dir.resolve("made.dir.tmp"), made + "\n");
            Files.move(dir.resolve("made.dir.tmp"), dir.resolve("made.dir"));
            StartedProcess p = Launch.of("/bin/sh", "-c", MASTER_AND_WORKER).in(dir).start();
            Files.writeString(dir.resolve("master.pid.tmp"), p.pid() + "\n");
            Files.move(dir.resolve("master.pid.tmp"), dir.resolve("master.pid"));
            p.awaitExit(Duration.ofMinutes(5));
        }
    }

    private long awaitPid(String file) throws Exception {
        return Long.parseLong(awaitFile(file));
    }

    /** The first line of a file the process writes, once it has written one. */
    private String awaitFile(String file) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Path f = dir.resolve(file);
        while (System.nanoTime() < deadline) {
            if (Files.exists(f)) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (text.endsWith("\n")) {
                    return text.strip();
                }
            }
            Thread.sleep(5); // poll interval, bounded by the deadline
        }
        throw new AssertionError(file + " not written within " + WAIT);
    }

    private static boolean awaitDead(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (pids.stream().noneMatch(Proc::alive)) {
                return true;
            }
            Thread.sleep(5); // poll interval, bounded by the deadline
        }
        return false;
    }

    /** Whether a pid names a living process (a zombie has exited). */
    static final class Proc {
        static boolean alive(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException e) {
                return false;
            }
        }
    }
}
