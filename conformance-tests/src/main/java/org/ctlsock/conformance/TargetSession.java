package org.ctlsock.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ctlsock.conformance.implementation.Capability;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.implementation.TargetNotReady;
import org.ctlsock.conformance.implementation.Timeouts;
import org.ctlsock.conformance.wire.HttpResponse;
import org.ctlsock.conformance.wire.RawConnection;
import org.ctlsock.conformance.wire.Request;

/**
 * A test class's handle on the target. HTTP-level cases share one running instance per test class
 * (started on first use, restarted after a crash); lifecycle cases start their own with {@link
 * #launch(LaunchOptions)}. Everything a case opens is recorded in its {@link Evidence}.
 *
 * <p>Tests receive it as a parameter (property-based cases too): {@code void keepsConnectionOpen(TargetSession target)}.
 */
public final class TargetSession implements AutoCloseable {
    private final KitSettings settings;
    private ServerProcess shared;
    private AssertionError startFailure;
    private volatile Evidence evidence = new Evidence();
    /** What the class's cases share besides the target (see {@link #perClass}); closed with the session. */
    private final Map<String, Object[]> perClass = new LinkedHashMap<>();
    /** What every class of the run shares (see {@link #perRun}): the run's, handed to each of its sessions. */
    private final Map<String, Object[]> perRun;
    private final Consumer<TargetSession> onClose;

    /** A session of its own (the harness's unit tests); a run's sessions come from {@link KitRun#openSession()}. */
    public TargetSession(KitSettings settings) {
        this(settings, new java.util.concurrent.ConcurrentHashMap<>(), s -> { });
    }

    TargetSession(KitSettings settings, Map<String, Object[]> perRun, Consumer<TargetSession> onClose) {
        this.settings = settings;
        this.perRun = perRun;
        this.onClose = onClose;
    }

    public KitSettings settings() {
        return settings;
    }

    public Timeouts timeouts() {
        return settings.timeouts();
    }

    /** The current case's evidence (connections opened through this session log into it). */
    public Evidence evidence() {
        return evidence;
    }

    // ---- the shared instance -------------------------------------------------------------------

    /** The socket of the shared instance, started (or restarted) if needed. */
    public synchronized Path socket() {
        if (settings.isAttached()) {
            return settings.socket();
        }
        if (startFailure != null) {
            throw new TargetNotReady("the target could not be started for this test class; the first attempt "
                    + "failed with:\n" + startFailure.getMessage());
        }
        if (shared != null && !shared.process().isAlive()) {
            // It died after the last case ended (the liveness probe did not catch it): say so, and clean up.
            evidence.note("the shared target had exited (status " + shared.process().exitValueText()
                    + ") after an earlier case; a fresh instance was started");
            shared.close();
            shared = null;
        }
        if (shared == null) {
            settings.checkLaunchable();
            ServerProcess p = ServerProcess.start(settings.command(), settings.commandDir(), LaunchOptions.defaults(),
                    settings.timeouts());
            try {
                p.awaitReady();
            } catch (RuntimeException | TargetNotReady e) {
                // Whatever stopped it (not ready, or a command that cannot run at all: a kit error), the
                // instance's process and directory must not outlive this attempt.
                p.close();
                if (e instanceof TargetNotReady) {
                    startFailure = (TargetNotReady) e;
                }
                throw e;
            }
            shared = p;
        }
        return shared.socket();
    }

    /** Opens a raw connection to the shared instance; its wire log joins the evidence. */
    public RawConnection connect() throws IOException {
        return connect("");
    }

    /** As {@link #connect()}, with a label for the wire log (e.g. "the slow client"). */
    public RawConnection connect(String label) throws IOException {
        return connect(socket(), label);
    }

    /** Sends one request on a fresh connection and reads its final response. */
    public HttpResponse call(Request request) throws IOException {
        try (RawConnection c = connect()) {
            return c.exchange(request);
        }
    }

    public HttpResponse get(String target) throws IOException {
        return call(Request.get(target));
    }

    public HttpResponse post(String target, String body) throws IOException {
        return call(Request.post(target, body));
    }

    /**
     * The stderr tail of the shared instance under its label, as a case's evidence shows it; "" when there is none
     * (attach mode, not started yet, or nothing written).
     */
    public synchronized String stderrBlock() {
        String tail = shared == null ? "" : shared.process().stderrTail();
        return tail.isBlank() ? "" : "--- target stderr (tail) ---\n" + tail.strip() + "\n";
    }

    // ---- instances of the case's own -------------------------------------------------------------

    /**
     * Starts a separate instance for this case (not waiting for readiness); it is stopped, and its
     * directory removed, when the case ends. N/A in attach mode.
     */
    public ServerProcess launch(LaunchOptions options) {
        requireLaunchMode("this case starts the target itself");
        settings.checkLaunchable();
        ServerProcess p = ServerProcess.start(settings.command(), settings.commandDir(), options, settings.timeouts());
        evidence.own(p);
        evidence.note("started " + p.process().command() + " (pid " + p.process().pid() + ", umask " + options.umask()
                + ")");
        return p;
    }

    /** {@link #launch(LaunchOptions)} and wait until it answers. */
    public ServerProcess launchReady(LaunchOptions options) {
        ServerProcess p = launch(options);
        p.awaitReady();
        return p;
    }

    /** Opens a raw connection to a socket of the case's own (e.g. an instance from {@link #launch}). */
    public RawConnection connect(Path socket, String label) throws IOException {
        return RawConnection.open(socket, evidence.newLog(label), settings.timeouts().within());
    }

    // ---- applicability ---------------------------------------------------------------------------

    public boolean claims(Capability c) {
        return settings.claims(c);
    }

    /** Skips the case as N/A unless the target claims {@code c}. */
    public void requireCapability(Capability c) {
        if (!settings.claims(c)) {
            throw new NotApplicable("the target does not claim the capability \"" + c.specName() + "\" (section "
                    + c.section() + ")");
        }
    }

    /** Skips the case as N/A unless the target serves the conformance commands (a case of the socket profile, 8.5, that needs one). */
    public void requireCommands(String why) {
        if (!settings.claims(Capability.COMMANDS)) {
            throw new NotApplicable(org.ctlsock.conformance.implementation.SocketProfile.reasonNeedsCommands(why));
        }
    }

    /**
     * The request of an "is it (still) serving?" check: {@code withCommands} when the target serves the conformance
     * commands, else {@code GET /} (spec 8.5: any answer on any path shows a target serving), closing the connection
     * when {@code withCommands} does.
     */
    public Request servingRequest(Request withCommands) {
        if (settings.claims(Capability.COMMANDS)) {
            return withCommands;
        }
        Request any = Request.get("/");
        return withCommands.closesConnection() ? any.connectionClose() : any;
    }

    /**
     * Asserts that {@code r}, the answer to {@link #servingRequest}, shows the target serving: 200 when it serves the
     * commands; without them any HTTP response does (it was read, so it is one), and the evidence says which.
     */
    public void assertServing(HttpResponse r, String what) {
        if (settings.claims(Capability.COMMANDS)) {
            org.assertj.core.api.Assertions.assertThat(r.status()).as("status of %s", what).isEqualTo(200);
        } else {
            evidence.note(what + ": answered " + r.status() + " (the target does not claim `commands`, so any "
                    + "HTTP answer shows it serving, spec 8.5)");
        }
    }

    /** Skips the case as N/A in attach mode, where the kit cannot start or stop the target. */
    public void requireLaunchMode(String why) {
        if (settings.isAttached()) {
            throw new NotApplicable("attach mode (-Dctlsock.socket): " + why + ", which only a launched target allows");
        }
    }

    // ---- used by the engine integration (KitExtension, PropertyCheck) -------------------------------

    /** Starts a case: its connections log into {@code ev}. */
    public void beginCase(Evidence ev) {
        this.evidence = ev;
    }

    /**
     * Ends a case: finishes its evidence, and if the shared instance died during the case, returns what
     * is known about the crash (the next case gets a fresh instance); else null.
     */
    public synchronized String endCase() {
        evidence.finish();
        if (shared != null && shared.process().isAlive() && !shared.answers()) {
            // A target that is dying may still be a live process for a moment: give it time to exit.
            shared.awaitExit(settings.timeouts().during());
        }
        if (shared != null && !shared.process().isAlive()) {
            String crash = "the target exited with status " + shared.process().exitValueText() + " during this case\n"
                    + shared.outputTails();
            shared.close();
            shared = null;
            return crash;
        }
        return null;
    }

    // ---- what the class's cases share ---------------------------------------------------------------

    /**
     * A value the cases of this test class share, made by {@code make} on first use (e.g. a set of starts that
     * several cases judge): the session lives in the class's JUnit store, so the value lives exactly as long as
     * the class runs, never beyond its run. An {@link AutoCloseable} value is closed with the session. Made
     * under a lock, so concurrent cases of the class wait for one another's {@code make}; a {@code make} that
     * throws leaves nothing behind (the next case tries again).
     */
    public <T> T perClass(String key, Class<T> type, Supplier<T> make) {
        synchronized (perClass) {
            return once(perClass, key, type, make);
        }
    }

    /**
     * A value every class of this run shares, made by {@code make} on first use (e.g. one start that cases of
     * several sections judge). It lives in the run (JUnit's root store), so it never outlives the run. Made under
     * a lock of its own key; a {@code make} that throws leaves nothing behind.
     */
    public <T> T perRun(String key, Class<T> type, Supplier<T> make) {
        return once(perRun, key, type, make);
    }

    /** The value under {@code key}, made by {@code make} under the lock of its own slot if there is none yet. */
    private static <T> T once(Map<String, Object[]> values, String key, Class<T> type, Supplier<T> make) {
        Object[] slot = values.computeIfAbsent(key, k -> new Object[1]);
        synchronized (slot) {
            if (slot[0] == null) {
                slot[0] = make.get();
            }
            return type.cast(slot[0]);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (shared != null) {
                shared.close();
                shared = null;
            }
        }
        synchronized (perClass) {
            for (Object[] slot : perClass.values()) {
                if (slot[0] instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        evidence.note("could not close " + c + ": " + e);
                    }
                }
            }
            perClass.clear();
        }
        onClose.accept(this);
    }
}
