package org.ctlsock.conformance.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.ctlsock.conformance.TargetSession;
import org.ctlsock.conformance.filesystem.NonSocketFile;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.filesystem.ServerLockFile;
import org.ctlsock.conformance.filesystem.StaleSocketFile;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.implementation.TargetNotReady;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * One socket path, the target instances started on it, and a small model of what must be there (spec 2.2,
 * 3.2, 3.4, 3.5), for a stateful property: each action does something real (start an instance, send a
 * request, SIGKILL, SIGTERM, restart, plant a regular file or a stale socket, remove the path), predicts
 * the outcome from the model, and compares the model with {@code lstat} and the processes after every step.
 *
 * <p>A prediction that fails is reported with the clause it comes from. When the target's descriptor lists
 * that clause as an expected failure, the divergence is excused (that clause's own test reports it): the
 * world notes it, kills every instance, clears the path and goes on, so that the rest of the chain still
 * checks the clauses the target claims to meet.
 */
public final class SocketLifeWorld implements AutoCloseable {

    /** What the model says is at the path. */
    public enum At {
        NOTHING, OWN_SOCKET, STALE_SOCKET, REGULAR_FILE
    }

    /** An instance that started: its process and the inode of the socket it created. */
    private record Instance(ServerProcess process, PathSnapshot socket) {
    }

    private final TargetSession target;
    private final ScratchDirectory scratch;
    private final Path path;
    private final List<Instance> running = new ArrayList<>();
    private At at = At.NOTHING;
    /** For STALE_SOCKET and REGULAR_FILE: exactly what must be there. */
    private PathSnapshot planted;
    /** The instance whose socket is at the path (OWN_SOCKET), else null. */
    private Instance owner;
    private boolean staleFromCrash;
    private int step;

    public SocketLifeWorld(TargetSession target) {
        this.target = target;
        this.scratch = ScratchDirectory.create(0755);
        this.path = scratch.resolve("ctl.sock");
        note("the socket path is " + path);
    }

    public At at() {
        return at;
    }

    public boolean anyRunning() {
        return !running.isEmpty();
    }

    public boolean ownerRunning() {
        return owner != null;
    }

    // ---- actions --------------------------------------------------------------------------------

    /** Starts an instance; predicts a start on nothing or a stale socket, a refusal otherwise. */
    public void start() {
        step("start an instance");
        boolean shouldStart = at == At.NOTHING || at == At.STALE_SOCKET;
        String clause = switch (at) {
            case NOTHING -> "2.2.1";
            case STALE_SOCKET -> staleFromCrash ? "3.5.1" : "2.2.2";
            case OWN_SOCKET -> "2.2.3";
            case REGULAR_FILE -> "2.2.4";
        };
        PathSnapshot before = PathSnapshot.of(path);
        ServerProcess p = target.launch(LaunchOptions.defaults().socketPath(path));
        if (shouldStart) {
            try {
                p.awaitReady();
            } catch (TargetNotReady e) {
                diverged(clause, "the instance did not start on " + describe(before) + ": " + e.getMessage());
                return;
            }
            Instance mine = new Instance(p, PathSnapshot.of(path));
            running.add(mine);
            owner = mine;
            at = At.OWN_SOCKET;
            note("started pid " + p.process().pid() + ": " + mine.socket());
        } else {
            StartupFailure.Refusal refusal = StartupFailure.awaitRefusal(target, p, path, before);
            OptionalInt code = refusal.exitCode();
            if (code.isEmpty() || code.getAsInt() == 0) {
                diverged(clause, "a second instance started with " + describe(before) + " at the path; expected a "
                        + "refusal with a non-zero status, got " + (code.isEmpty() ? "a server " + refusal.stillRunningWords()
                        : "status 0"));
                return;
            }
            note("refused with status " + code.getAsInt());
        }
        check(clause);
    }

    /** A request on the path, answered by the instance that owns it. */
    public void request() {
        step("GET /echo on the path");
        try (RawConnection c = target.connect(path, "step " + step + ": request")) {
            HttpResponse r = c.exchange(target.servingRequest(Request.get("/echo")));
            // Without the command set (spec 8.5) any answer shows the instance serving.
            if (r.status() != 200 && target.claims(org.ctlsock.conformance.implementation.Capability.COMMANDS)) {
                diverged("3.1.1", "GET /echo was answered " + r.status());
                return;
            }
        } catch (IOException e) {
            diverged("3.1.1", "the running instance did not answer on its socket: " + e);
            return;
        }
        check("3.1.1");
    }

    /** SIGKILL to the newest instance: its socket, if at the path, becomes stale. */
    public void kill() {
        Instance victim = running.get(running.size() - 1);
        step("SIGKILL pid " + victim.process().process().pid());
        victim.process().process().kill();
        running.remove(victim);
        if (victim == owner) {
            owner = null;
            PathSnapshot left = PathSnapshot.of(path);
            if (!left.isSocket()) {
                diverged("3.5.1", "after SIGKILL the path holds " + describe(left) + ", not the killed server's socket");
                return;
            }
            at = At.STALE_SOCKET;
            planted = left;
            staleFromCrash = true;
        }
        check("3.5.1");
    }

    /** SIGTERM to the oldest instance: it removes the path only if it still holds its own socket. */
    public void terminate() {
        Instance victim = running.get(0);
        step("SIGTERM pid " + victim.process().process().pid()
                + (victim == owner ? " (owns the path)" : " (its path was taken)"));
        if (!stop(victim)) {
            return;
        }
        if (victim == owner) {
            owner = null;
            at = At.NOTHING;
            check("3.4.1");
        } else {
            check("3.4.2");
        }
    }

    /** SIGTERM to the owner, then a new instance on the same path. */
    public void restart() {
        step("restart: SIGTERM the owner, then start a new instance");
        if (!stop(owner)) {
            return;
        }
        owner = null;
        at = At.NOTHING;
        check("3.4.1");
        start();
    }

    public void plantRegularFile() {
        step("replace the path with a regular file");
        clearPath();
        NonSocketFile.REGULAR_FILE.plant(scratch, path);   // holds nothing open: nothing to close
        at = At.REGULAR_FILE;
        planted = PathSnapshot.of(path);
        check("3.2.1");
    }

    public void plantStaleSocket() {
        step("replace the path with a stale socket");
        clearPath();
        planted = StaleSocketFile.create(path);
        at = At.STALE_SOCKET;
        staleFromCrash = false;
        check("3.2.1");
    }

    public void removePath() {
        step("remove the path");
        clearPath();
        at = At.NOTHING;
        check("3.2.1");
    }

    // ---- the model check ---------------------------------------------------------------------------

    private boolean stop(Instance victim) {
        victim.process().process().terminate();
        OptionalInt code = victim.process().awaitExit(target.timeouts().grace());
        running.remove(victim);
        if (code.isEmpty() || code.getAsInt() != 0) {
            diverged("3.4.1", "after SIGTERM pid " + victim.process().process().pid() + " "
                    + (code.isEmpty() ? "did not exit within the grace period" : "exited with status " + code.getAsInt()));
            return false;
        }
        return true;
    }

    /** Compares the path and the processes with the model; {@code clause} is the one the last step relies on. */
    private void check(String clause) {
        PathSnapshot now = PathSnapshot.of(path);
        note("path: " + now);
        String wrong = switch (at) {
            case NOTHING -> now.exists() ? "expected nothing at the path, found " + describe(now) : null;
            case OWN_SOCKET -> now.isSocket() && now.sameFileAs(owner.socket()) ? null
                    : "expected the socket of pid " + owner.process().process().pid() + " (inode "
                            + owner.socket().ino() + "), found " + describe(now);
            case STALE_SOCKET, REGULAR_FILE -> now.differencesFrom(planted).isEmpty() ? null
                    : "expected exactly " + planted + ", found " + now + " (" + now.differencesFrom(planted) + ")";
        };
        if (wrong != null) {
            diverged(clause, wrong);
            return;
        }
        running.stream().filter(i -> !i.process().process().isAlive()).findFirst().ifPresent(i -> diverged("3.1.1",
                "pid " + i.process().process().pid() + " exited (status " + i.process().process().exitValueText()
                        + ") although nobody told it to stop"));
    }

    private void diverged(String clause, String what) {
        String message = "step " + step + " broke clause " + clause + ": " + what;
        if (target.settings().expectedFailures().containsKey(clause)) {
            note("EXCUSED (the descriptor lists " + clause + " as an expected failure; its own test reports it): "
                    + message + "; resetting: every instance killed, the path cleared");
            reset();
            return;
        }
        note(message);
        throw new AssertionError(message + "\n(the model: " + at + ", instances running: " + running.size() + ")");
    }

    private void reset() {
        running.forEach(i -> i.process().process().kill());
        running.clear();
        clearPath();
        at = At.NOTHING;
    }

    /**
     * Someone else (the kit) removes whatever is at the path, and the start lock file beside it (2.6.2),
     * as an operator clearing the directory would; an instance that owned it keeps running (and keeps its
     * lock on the removed file, so the next start is not refused for it).
     */
    private void clearPath() {
        try {
            Files.deleteIfExists(path);   // the actions only ever put sockets and regular files there
            Files.deleteIfExists(ServerLockFile.pathFor(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + path, e);
        }
        owner = null;
    }

    private static String describe(PathSnapshot s) {
        return s.exists() ? s.type().words() + " (" + s + ")" : "nothing";
    }

    private void step(String what) {
        step++;
        note("step " + step + ": " + what + " [model before: " + at + ", " + running.size() + " running]");
    }

    private void note(String text) {
        target.evidence().note(text);
    }

    @Override
    public String toString() {
        return "path " + at + ", " + running.size() + " running";
    }

    /** Stops every instance left and removes the scratch directory. */
    @Override
    public void close() {
        running.forEach(i -> i.process().stop());
        scratch.close();
    }
}
