package org.ctlsock.conformance.implementation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;
import org.ctlsock.conformance.wire.WireLog;
import org.ctlsock.process.CommandTemplate;
import org.ctlsock.process.Directories;
import org.ctlsock.process.InterruptedWait;
import org.ctlsock.process.Launch;
import org.ctlsock.process.StartedProcess;
import org.ctlsock.process.StopResult;

/**
 * One started instance of the target: a process running the command template in a fresh directory
 * {@code /tmp/ctlsock-…/} (short, so socket paths stay far below the {@code sun_path} limit), under a
 * chosen umask, with stdout and stderr captured to files beside the run directory. The process itself is
 * started by {@link Launch} (the one starter of interop, bench and the server's tests too), in a session of its
 * own, so that stopping or killing it also ends whatever it forked (issue 19: a worker that outlived its master
 * answered the readiness probe for a later instance); this class adds what only the kit needs: the layout below,
 * readiness by a logged probe, and failure messages.
 *
 * <pre>
 * /tmp/ctlsock-123/          the instance's own directory (the kit deletes it at close)
 *   run/                     the socket's directory, empty but for what the target creates
 *   run/ctl.sock             the default socket path
 *   stdout.log, stderr.log   what the target printed
 * </pre>
 *
 * @param runDir the directory the socket is in (fresh and empty at start, unless the test gave its own path)
 * @param socket the socket path the target was told to use
 * @param process the process the kit started: its pid, signals (SIGTERM, SIGINT, SIGKILL), exit status and output
 * @param tracerStaysParent the target runs under a tracer ({@link LaunchOptions#traced}) and is its child
 */
public record ServerProcess(Path runDir, Path socket, StartedProcess process, Timeouts timeouts,
        boolean tracerStaysParent) implements AutoCloseable {
    /** Starts the target; does not wait for it to be ready (see {@link #awaitReady()}). */
    public static ServerProcess start(CommandTemplate template, Path templateDir, LaunchOptions opts,
            Timeouts timeouts) {
        Path home;
        Path runDir;
        try {
            home = Directories.fresh("ctlsock-");
            runDir = Files.createDirectory(home.resolve("run"));
        } catch (IOException e) {
            throw new KitError("cannot prepare a directory for the target: " + e.getMessage(), e);
        }
        Path socket = opts.socketPath() != null ? opts.socketPath() : runDir.resolve(opts.socketName());
        List<String> words = new ArrayList<>(opts.wrapper());
        words.addAll(template.expand(socket, templateDir, opts.options()));
        // The working directory is the kit's own (spec 8.2.2).
        Launch launch = Launch.of(words).umask(opts.umask()).env(opts.env())
                .output(home.resolve("stdout.log"), home.resolve("stderr.log"))
                .grace(timeouts.grace()).killWait(timeouts.within()).owning(home);
        try {
            return new ServerProcess(runDir, socket, launch.start(), timeouts, opts.tracerStaysParent());
        } catch (IOException e) {
            Directories.deleteTree(home);
            throw new KitError("cannot start the target " + words + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the socket path exists and a request on it is answered (spec 8.2, 2.4.1), polling with
     * three times the "within" deadline. Throws {@link TargetNotReady} when the target exits first or the deadline
     * passes.
     */
    public void awaitReady() {
        awaitReady("", true, lastProblem -> {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return lastProblem;
            }
            String problem = probe();
            return problem == null ? null : "the socket exists but a request on it was not answered: " + problem;
        });
    }

    /**
     * The polling of {@link #awaitReady()}, with the readiness test {@code check}: given the last problem seen, it
     * returns null when the target is ready, else the problem now. Throws {@link TargetNotReady} when the target
     * exits first or the deadline passes; {@code at} ("" or " at PATH") follows "ready" in those messages.
     *
     * @param unrunnableIsKitError whether an exit status 126 or 127 (the command could not be run) is a kit error
     */
    public void awaitReady(String at, boolean unrunnableIsKitError, UnaryOperator<String> check) {
        // Start-up gets three times the usual deadline: a JVM or an interpreter starting on a loaded
        // two-core machine is slow, and slowness to start is no conformance question.
        Duration limit = timeouts.within().multipliedBy(3);
        long deadline = System.nanoTime() + limit.toNanos();
        String lastProblem = "the socket path never appeared";
        while (System.nanoTime() < deadline) {
            OptionalInt exit = process.exitCode();
            if (unrunnableIsKitError && exit.isPresent() && (exit.getAsInt() == 126 || exit.getAsInt() == 127)) {
                // The command could not be run at all: a configuration problem, not a verdict.
                throw new KitError("the target command could not be run (exit status " + exit.getAsInt()
                        + (exit.getAsInt() == 127 ? ": command not found" : ": not executable")
                        + "); check the command template\ncommand: " + process.command() + "\n" + outputTails());
            }
            if (exit.isPresent()) {
                throw new TargetNotReady("the target exited with status " + exit.getAsInt()
                        + " before it was ready" + at + "\ncommand: " + process.command() + "\n" + outputTails());
            }
            lastProblem = check.apply(lastProblem);
            if (lastProblem == null) {
                return;
            }
            // The polling interval waits on the process itself, so an exit ends the pause at once.
            awaitExit(Duration.ofMillis(10));
        }
        throw new TargetNotReady("the target was not ready" + at + " within " + limit.toMillis() + " ms ("
                + lastProblem + ")\ncommand: " + process.command() + "\n" + outputTails());
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

    /** Waits for the target to exit on its own (e.g. after a startup error); empty if it did not within the limit. */
    public OptionalInt awaitExit(Duration limit) {
        try {
            return process.awaitExit(limit);
        } catch (InterruptedWait e) {
            throw new KitError("interrupted while waiting for the target", e);
        }
    }

    /**
     * The process that runs the server: the tracer's child under a tracer ({@link LaunchOptions#traced}), else the
     * process the kit started (every other wrapper execs the command). Never a deeper descendant: a server's own
     * children are its workers or, in the fork-per-connection model, its connections, and a signal meant for the
     * server must not go to one of them.
     */
    public ProcessHandle serverHandle() {
        ProcessHandle h = process.process().toHandle();
        return tracerStaysParent ? h.children().findFirst().orElse(h) : h;
    }

    /**
     * Stops the target as spec 8.2.3 says: SIGTERM, then SIGKILL after the grace period, to the target and to
     * whatever it forked that is still there; returns once nothing of it is left. Idempotent.
     */
    public StopResult stop() {
        terminateTracee();
        return process.stop();
    }

    /** Both tails, labelled, for failure messages. */
    public String outputTails() {
        return "--- target stderr (tail) ---\n" + orNothing(process.stderrTail()) + "--- target stdout (tail) ---\n"
                + orNothing(process.stdoutTail());
    }

    private static String orNothing(String s) {
        return s.isEmpty() ? "(empty)\n" : s.endsWith("\n") ? s : s + "\n";
    }

    /** Stops the target if it still runs and deletes the instance's directory. */
    @Override
    public void close() {
        terminateTracee();
        process.close();
    }

    /** Under a tracer ({@link LaunchOptions#traced}) the target is the tracer's child: SIGTERM goes there. */
    private void terminateTracee() {
        if (tracerStaysParent && process.isAlive()) {
            serverHandle().destroy();
        }
    }
}
