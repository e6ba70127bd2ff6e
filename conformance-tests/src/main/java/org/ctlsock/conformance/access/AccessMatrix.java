package org.ctlsock.conformance.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.ctlsock.conformance.KitError;
import org.ctlsock.conformance.filesystem.PathSnapshot;
import org.ctlsock.conformance.filesystem.ScratchDirectory;
import org.ctlsock.conformance.implementation.KitSettings;
import org.ctlsock.conformance.implementation.LaunchOptions;
import org.ctlsock.conformance.implementation.ServerProcess;
import org.ctlsock.conformance.wire.Request;

/**
 * Who may connect, for real: socket modes (0600 … 0777) × the socket's directory (0755, 0750, 0700) ×
 * the connecting user (owner, group member, other), each cell probed by a client running under that
 * uid, and compared with what the Linux rules ({@link LinuxConnectRule}) say for the mode that was
 * asked for.
 *
 * <p>Cost is kept down by reusing: one target instance per mode (run as {@link TestUsers#OWNER}, so that
 * "owner" is a real non-root uid), each in its own directory; one client process per user, which probes
 * every socket; the directories' modes are changed between rounds rather than starting new servers.
 * Instances start in parallel, clients probe in parallel. All probing is done once, up front; the
 * cases then only read their cell.
 *
 * @param probes what each cell found
 * @param instances per socket mode: the instance's command line and the tail of its output, once it has stopped
 * @param startFailures per socket mode whose instance did not start: why
 */
public record AccessMatrix(ModeSource source, List<Integer> socketModes, List<Integer> directoryModes,
        Map<Cell, Probe> probes, Map<Integer, String> instances, Map<Integer, String> startFailures) {
    public static final List<Integer> SOCKET_MODES = List.of(0600, 0660, 0666, 0700, 0770, 0777);
    public static final List<Integer> DIRECTORY_MODES = List.of(0755, 0750, 0700);
    public static final List<Identity> USERS = List.of(TestUsers.OWNER, TestUsers.MEMBER, TestUsers.OTHER);

    /** How the mode is asked for: by the umask alone (clause 2.3.1) or with {@code --mode} (clause 9.1.1). */
    public enum ModeSource {
        UMASK, OPTION;

        /** The launch that asks for {@code mode} this way. */
        LaunchOptions launch(int mode) {
            if (this == UMASK) {
                return LaunchOptions.defaults().umask(String.format("%03o", 0777 & ~mode));
            }
            // The permissive umask: bind(2) alone would give 0777. (Section9_1_ExplicitModeTest checks every
            // mode under a restrictive umask.)
            return LaunchOptions.defaults().umask("000").options(List.of("--mode", PathSnapshot.octal(mode)));
        }

        /** E.g. "umask 117" or "--mode 0660", for case names. */
        public String describe(int mode) {
            return this == UMASK ? "umask " + String.format("%03o", 0777 & ~mode)
                    : "--mode " + PathSnapshot.octal(mode) + ", umask 000";
        }
    }

    /** One cell. */
    public record Cell(int socketMode, int directoryMode, Identity who) {
    }

    /**
     * What one cell found: the facts at probe time, the expected verdict and what the client
     * experienced.
     */
    public record Probe(Cell cell, PathSnapshot socket, List<PathSnapshot> directories,
            LinuxConnectRule.Verdict expected, ForeignExchange actual) {
    }

    public Probe probe(Cell c) {
        return probes.get(c);
    }

    /**
     * Why the instance for {@code mode} did not start (e.g. it exited with an error as a non-root user),
     * or null when it did. Its cells are not probed: the target failed them by not starting.
     */
    public String startFailure(int mode) {
        return startFailures.get(mode);
    }

    /** The instance's command line and the tail of its output, for a cell's evidence. */
    public String serverOf(int mode) {
        return "instance for mode " + PathSnapshot.octal(mode) + ": " + instances.get(mode);
    }

    /** The full matrix: every socket mode × every directory mode × every user. */
    public static AccessMatrix run(KitSettings settings, ModeSource source) {
        return run(settings, source, SOCKET_MODES, DIRECTORY_MODES);
    }

    /** Starts the instances and clients, probes every cell, stops everything, and returns the results. */
    public static AccessMatrix run(KitSettings settings, ModeSource source, List<Integer> socketModes,
            List<Integer> directoryModes) {
        Map<Cell, Probe> probes = new LinkedHashMap<>();
        Map<Integer, String> instances = new LinkedHashMap<>();
        Map<Integer, String> startFailures = new LinkedHashMap<>();
        Map<Integer, ServerProcess> servers = new LinkedHashMap<>();
        List<ForeignClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(USERS.size());
        try (ScratchDirectory layout = ScratchDirectory.create(0755)) {
            Map<Integer, Path> sockets = new LinkedHashMap<>();
            for (Identity who : USERS) {
                clients.add(ForeignClient.start(who, settings.timeouts().within()));
            }
            List<Supplier<ServerProcess>> launches = new ArrayList<>();
            for (int mode : socketModes) {
                Path socket = layout.directory("m" + PathSnapshot.octal(mode), 0755, TestUsers.OWNER.uid(),
                        TestUsers.SOCKET_GROUP).resolve("ctl.sock");
                sockets.put(mode, socket);
                launches.add(() -> {
                    ServerProcess p = RunAs.start(settings, source.launch(mode).socketPath(socket)
                            .wrapper(RunAs.wrapper(TestUsers.OWNER)));
                    servers.put(mode, p);
                    return p;
                });
            }
            List<InstanceBatch.Started> started = InstanceBatch.start(launches, ServerProcess::awaitReady);
            for (int i = 0; i < started.size(); i++) {
                if (!started.get(i).ready()) {
                    int mode = socketModes.get(i);
                    startFailures.put(mode, started.get(i).notReady().getMessage());
                    sockets.remove(mode);
                }
            }
            clients.forEach(ForeignClient::awaitReady);
            for (int dirMode : directoryModes) {
                sockets.values().forEach(s -> ScratchDirectory.setMode(s.getParent(), dirMode));
                probeRound(dirMode, sockets, clients, pool, probes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
            clients.forEach(ForeignClient::close);
            servers.forEach((mode, p) -> {
                p.stop();
                instances.put(mode, String.join(" ", p.process().command()) + "\n" + p.outputTails());
                p.close();
            });
        }
        return new AccessMatrix(source, List.copyOf(socketModes), List.copyOf(directoryModes), probes, instances,
                startFailures);
    }

    /** Probes every socket from every client: each client its sockets one after another, the clients side by side. */
    private static void probeRound(int dirMode, Map<Integer, Path> sockets, List<ForeignClient> clients,
            ExecutorService pool, Map<Cell, Probe> probes) throws IOException {
        // The facts at probe time, per socket mode.
        Map<Integer, PathSnapshot> socketFacts = new LinkedHashMap<>();
        Map<Integer, List<PathSnapshot>> dirFacts = new LinkedHashMap<>();
        for (Map.Entry<Integer, Path> e : sockets.entrySet()) {
            socketFacts.put(e.getKey(), PathSnapshot.require(e.getValue()));
            dirFacts.put(e.getKey(), PathSnapshot.directoriesOf(e.getValue()));
        }
        List<CompletableFuture<List<ForeignExchange>>> perClient = clients.stream().map(c -> CompletableFuture
                .supplyAsync(() -> sockets.values().stream()
                        .map(s -> c.exchange(s, Request.get("/echo").connectionClose())).toList(), pool)).toList();
        for (int i = 0; i < clients.size(); i++) {
            Iterator<ForeignExchange> got = join(perClient.get(i)).iterator();
            Identity who = clients.get(i).who();
            for (int mode : sockets.keySet()) {
                Cell cell = new Cell(mode, dirMode, who);
                LinuxConnectRule.Verdict expected = LinuxConnectRule.decide(who, dirFacts.get(mode), mode,
                        TestUsers.OWNER.uid(), TestUsers.SOCKET_GROUP);
                probes.put(cell, new Probe(cell, socketFacts.get(mode), dirFacts.get(mode), expected, got.next()));
            }
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new KitError("a probe failed: " + e.getCause(),
                    e.getCause());
        }
    }
}
