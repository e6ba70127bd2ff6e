package org.ctlsock.conformance.implementation;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.ctlsock.conformance.wire.WireLog;

/**
 * One started instance of the target: a process running the command template in a fresh directory
 * {@code /tmp/ctlsock-…/} (short, so socket paths stay far below the {@code sun_path} limit), under a
 * chosen umask, with stdout and stderr captured to files beside the run directory.
 *
 * <pre>
 * /tmp/ctlsock-123/          the instance's own directory (the kit deletes it at close)
 *   run/                     the socket's directory, empty but for what the target creates
 *   run/ctl.sock             the default socket path
 *   stdout.log, stderr.log   what the target printed
 * </pre>
 */
public final class ServerProcess implements AutoCloseable {
    private static final int TAIL_BYTES = 4000;

    private final Path home;
    private final Path runDir;
    private final Path socket;
    private final List<String> commandLine;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Timeouts timeouts;
    private StopResult stopResult;

    /** What happened when the kit stopped the target. */
    public record StopResult(int exitCode, boolean neededKill, Duration took) {
    }

    private ServerProcess(Path home, Path runDir, Path socket, List<String> commandLine, Process process, Path stdout,
            Path stderr, Timeouts timeouts) {
        this.home = home;
        this.runDir = runDir;
        this.socket = socket;
        this.commandLine = commandLine;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.timeouts = timeouts;
    }

    /** Starts the target; does not wait for it to be ready (see {@link #awaitReady()}). */
    public static ServerProcess start(CommandTemplate template, Path templateDir, LaunchOptions opts,
            Timeouts timeouts) {
        try {
            Path home = Files.createTempDirectory(Path.of("/tmp"), "ctlsock-");
            Path runDir = Files.createDirectory(home.resolve("run"));
            Path socket = opts.socketPath() != null ? opts.socketPath() : runDir.resolve(opts.socketName());
            List<String> words = new ArrayList<>(opts.wrapper());
            words.addAll(template.expand(socket, templateDir, opts.options()));
            // Java cannot set a child's umask: a tiny shell sets it and then execs the target, so the
            // process the kit signals is the target itself.
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + opts.umask() + " && exec \"$@\"",
                    "sh"));
            cmd.addAll(words);
            Path out = home.resolve("stdout.log");
            Path err = home.resolve("stderr.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(opts.env());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                deleteTree(home);
                throw new KitError("cannot start the target " + words + ": " + e.getMessage(), e);
            }
            return new ServerProcess(home, runDir, socket, List.copyOf(words), p, out, err, timeouts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a directory for the target", e);
        }
    }

    /** The socket path the target was told to use. */
    public Path socket() {
        return socket;
    }

    /** The directory the socket is in (fresh and empty at start, unless the test gave its own path). */
    public Path runDir() {
        return runDir;
    }

    /** The instance's own directory, which holds {@link #runDir()} and the logs. */
    public Path home() {
        return home;
    }

    public List<String> commandLine() {
        return commandLine;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits until the socket path exists and a request on it is answered (spec 8.2, 2.4.1), polling with
     * three times the "within" deadline. Throws {@link TargetNotReady} when the target exits first or the deadline
     * passes.
     */
    public void awaitReady() {
        // Start-up gets three times the usual deadline: a JVM or an interpreter starting on a loaded
        // two-core machine is slow, and slowness to start is no conformance question.
        Duration limit = timeouts.within().multipliedBy(3);
        long deadline = System.nanoTime() + limit.toNanos();
        String lastProblem = "the socket path never appeared";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive() && (process.exitValue() == 126 || process.exitValue() == 127)) {
                // The shell could not run the command at all: a configuration problem, not a verdict.
                throw new KitError("the target command could not be run (exit status " + process.exitValue()
                        + (process.exitValue() == 127 ? ": command not found" : ": not executable")
                        + "); check the command template\ncommand: " + commandLine + "\n" + outputTails());
            }
            if (!process.isAlive()) {
                throw new TargetNotReady("the target exited with status " + process.exitValue()
                        + " before it was ready\ncommand: " + commandLine + "\n" + outputTails());
            }
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                String problem = probe();
                if (problem == null) {
                    return;
                }
                lastProblem = "the socket exists but a request on it was not answered: " + problem;
            }
            pause();
        }
        throw new TargetNotReady("the target was not ready within " + limit.toMillis() + " ms ("
                + lastProblem + ")\ncommand: " + commandLine + "\n" + outputTails());
    }

    /** Whether a socket is at the path and a request on it is answered now (the readiness test of 8.2). */
    public boolean answers() {
        return Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && probe() == null;
    }

    /** Sends one request; null when it was answered, else what went wrong. */
    private String probe() {
        WireLog probe = new WireLog("readiness probe");
        try (RawConnection c = RawConnection.open(socket, probe, timeouts.within())) {
            c.send(Request.get("/echo").connectionClose());
            return c.readOrClose(false).isPresent() ? null : "the connection was closed without a response";
        } catch (IOException | AssertionError e) {
            return e.getMessage();
        }
    }

    /** Polling interval: waits on the process itself, so an exit ends the pause at once. */
    private void pause() {
        try {
            process.waitFor(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitError("interrupted while waiting for the target");
        }
    }

    /** Waits for the target to exit on its own (e.g. after a startup error); empty if it did not within the limit. */
    public OptionalInt awaitExit(Duration limit) {
        try {
            if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitError("interrupted while waiting for the target to exit");
        }
    }

    /** The exit status as text, or "(still running)". */
    public String exitValueText() {
        return process.isAlive() ? "(still running)" : Integer.toString(process.exitValue());
    }

    /** Sends SIGTERM without waiting. */
    public void signalTerm() {
        process.destroy();
    }

    /**
     * Stops the target as spec 8.2.3 says: SIGTERM, then SIGKILL after the grace period. Also kills any
     * process the target left behind. Idempotent.
     */
    public synchronized StopResult stop() {
        if (stopResult != null) {
            return stopResult;
        }
        long start = System.nanoTime();
        List<ProcessHandle> descendants = process.descendants().toList();
        boolean killed = false;
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(timeouts.grace()).isEmpty()) {
                killed = true;
                process.destroyForcibly();
                awaitExit(timeouts.within());
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        int code = process.isAlive() ? -1 : process.exitValue();
        stopResult = new StopResult(code, killed, Duration.ofNanos(System.nanoTime() - start));
        return stopResult;
    }

    /** Kills the target at once (SIGKILL), e.g. to leave a stale socket behind. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(timeouts.within());
    }

    public String stderrTail() {
        return tail(stderr);
    }

    public String stdoutTail() {
        return tail(stdout);
    }

    /** All that the target wrote to standard error so far (for startup error messages, clause 3.3.1). */
    public String stderr() {
        try {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Both tails, labelled, for failure messages. */
    public String outputTails() {
        return "--- target stderr (tail) ---\n" + orNothing(stderrTail()) + "--- target stdout (tail) ---\n"
                + orNothing(stdoutTail());
    }

    private static String orNothing(String s) {
        return s.isEmpty() ? "(empty)\n" : s.endsWith("\n") ? s : s + "\n";
    }

    private static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - TAIL_BYTES);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            return from > 0 ? "… (" + from + " bytes before)\n" + s : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the target if it still runs and deletes the instance's directory. */
    @Override
    public void close() {
        stop();
        deleteTree(home);
    }

    /** Removes a directory tree, best effort: a leftover temp directory is not worth failing a case over. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Leaving a temp directory behind is not worth failing a test over.
        }
    }
}
