package org.ctlsock.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A process started by {@link Launch}, the leader of a session of its own. SIGTERM goes to the leader, as a
 * service manager's stop does (spec 8.2.3); everything else reaches the whole session: a stop is over only when no
 * process of it is left, and SIGKILL hits every member, including a worker that outlived its master (a
 * re-parented orphan is no descendant any more, but it is still in the session).
 */
public final class StartedProcess implements AutoCloseable {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Process process;
    private final List<String> command;
    private final boolean ownSession;
    private final Path stdout;
    private final Path stderr;
    private final Duration grace;
    private final Duration killWait;
    private final Path ownedDirectory;
    private StopResult stopResult;

    StartedProcess(Process process, List<String> command, boolean ownSession, Path stdout, Path stderr,
            Duration grace, Duration killWait, Path ownedDirectory) {
        this.process = process;
        this.command = command;
        this.ownSession = ownSession;
        this.stdout = stdout;
        this.stderr = stderr;
        this.grace = grace;
        this.killWait = killWait;
        this.ownedDirectory = ownedDirectory;
    }

    static StartedProcess register(StartedProcess p) throws IOException {
        LiveProcesses.add(p);
        return p;
    }

    /** The command line as the caller gave it. */
    public List<String> command() {
        return command;
    }

    /** The leader's pid, which is also its session's and process group's id. */
    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Whether the leader runs (see {@link #members()} for the whole session). */
    public boolean isAlive() {
        return process.isAlive();
    }

    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** The exit status as text, or "(still running)". */
    public String exitValueText() {
        return process.isAlive() ? "(still running)" : Integer.toString(process.exitValue());
    }

    /** Waits for the leader to exit; empty if it did not within {@code limit}. */
    public OptionalInt awaitExit(Duration limit) {
        try {
            if (process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            throw new InterruptedWait("pid " + pid() + " to exit", e);
        }
    }

    /**
     * The living processes of the leader's session (the leader included while it runs). Without setsid(1) (not
     * Linux), the leader and its descendants.
     */
    public List<Long> members() {
        List<Long> pids = new ArrayList<>();
        // The leader counts while it runs even before setsid(1) has made its session (start() returns before that).
        if (process.isAlive()) {
            pids.add(pid());
        }
        if (ownSession) {
            SessionMembers.of(pid()).stream().filter(m -> m != pid()).forEach(pids::add);
            return pids;
        }
        process.descendants().filter(ProcessHandle::isAlive).forEach(h -> pids.add(h.pid()));
        return pids;
    }

    /** Polls until no process of the session is left; false if some still is after {@code limit}. */
    public boolean awaitGone(Duration limit) {
        return awaitGoneBy(System.nanoTime() + limit.toNanos());
    }

    private boolean awaitGoneBy(long deadline) {
        while (true) {
            if (members().isEmpty()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            pause();
        }
    }

    /** Sends SIGTERM to the leader without waiting. */
    public void terminate() {
        process.destroy();
    }

    /** Sends a signal by name ("INT", "HUP", …) to the leader only, with kill(1): the JDK sends only TERM and KILL. */
    public void signal(String name) {
        sendSignal(name, Long.toString(pid()));
    }

    /** Sends a signal by name to the leader's whole process group. */
    public void signalGroup(String name) {
        sendSignal(name, ownSession ? "-" + pid() : Long.toString(pid()));
    }

    private static void sendSignal(String name, String target) {
        if (!name.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("not a signal name: " + name);
        }
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " -- " + target)
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -s " + name + " " + target + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            throw new InterruptedWait("kill -s " + name, e);
        }
    }

    /**
     * SIGTERM to the leader; after the grace period, SIGKILL to every process of the session still there (the
     * leader, or what it forked and left behind); returns once none is left or the kill wait is over. Idempotent.
     */
    public synchronized StopResult stop() {
        if (stopResult != null) {
            return stopResult;
        }
        long start = System.nanoTime();
        long graceEnd = start + grace.toNanos();
        if (process.isAlive()) {
            process.destroy();
        }
        // The leader first, without reading /proc while it runs; then what it may have left behind.
        boolean leaderExited = awaitExit(Duration.ofNanos(graceEnd - System.nanoTime())).isPresent();
        boolean neededKill = !leaderExited || !awaitGoneBy(graceEnd);
        if (neededKill) {
            killAll(killWait);
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        stopResult = new StopResult(code, neededKill, Duration.ofNanos(System.nanoTime() - start));
        if (members().isEmpty()) {
            LiveProcesses.remove(this);
        }
        return stopResult;
    }

    /**
     * SIGKILL to every process of the session at once (e.g. to leave a stale socket behind); returns once none is
     * left, or when the kill wait is over.
     */
    public boolean kill() {
        boolean gone = killAll(killWait);
        if (gone) {
            LiveProcesses.remove(this);
        }
        return gone;
    }

    /** Kills every member until none is left; a member may fork while it is being killed, so this loops. */
    private boolean killAll(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<Long> members = members();
            if (members.isEmpty()) {
                awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))); // reaped, exit code known
                awaitReapedBy(deadline);
                return true;
            }
            for (long member : members) {
                if (member == pid()) {
                    process.destroyForcibly();
                } else {
                    ProcessHandle.of(member).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            pause();
        }
    }

    /**
     * Waits (up to {@code deadline}) until the killed members are reaped too, not only dead: their parents died with
     * them, so init reaps them within moments. A server started next may judge a lock or pid file by whether the pid
     * it names exists, as a supervisor's restart after waitpid(2) would let it.
     */
    private void awaitReapedBy(long deadline) {
        while (ownSession && !SessionMembers.unreaped(pid()).isEmpty() && System.nanoTime() - deadline < 0) {
            pause();
        }
    }

    /** A poll interval, which ends at once when the leader exits. */
    private void pause() {
        try {
            if (process.isAlive()) {
                process.waitFor(POLL_NANOS, TimeUnit.NANOSECONDS);
            } else {
                Thread.sleep(POLL_NANOS / 1_000_000); // only what the leader left behind is left to wait for
            }
        } catch (InterruptedException e) {
            throw new InterruptedWait("pid " + pid(), e);
        }
    }

    public String stdoutTail() {
        return OutputTail.of(stdout, OutputTail.DEFAULT_BYTES);
    }

    public String stderrTail() {
        return OutputTail.of(stderr, OutputTail.DEFAULT_BYTES);
    }

    /** All the process wrote to standard output so far ("" when it went nowhere). */
    public String stdout() {
        return OutputTail.all(stdout);
    }

    /** All the process wrote to standard error so far ("" when it went nowhere). */
    public String stderr() {
        return OutputTail.all(stderr);
    }

    /** Stops the process (see {@link #stop()}) and deletes the directory it owns, if any. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            Directories.deleteTree(ownedDirectory);
        }
    }

    /** For the shutdown hook: SIGKILL to the session, a short wait, and the owned directory removed. */
    void killAndForget() {
        try {
            killAll(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // The JVM is going down; do what can be done.
        }
        Directories.deleteTree(ownedDirectory);
    }

    @Override
    public String toString() {
        return "pid " + pid() + " " + command;
    }
}
