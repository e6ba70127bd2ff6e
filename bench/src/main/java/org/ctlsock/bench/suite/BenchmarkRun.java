package org.ctlsock.bench.suite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.ctlsock.bench.http.HttpRequestTemplate;
import org.ctlsock.bench.http.HttpResponseReader;
import org.ctlsock.bench.load.Connection;
import org.ctlsock.bench.load.JunixsocketConnector;
import org.ctlsock.bench.load.LoadResult;
import org.ctlsock.bench.load.LoadRun;
import org.ctlsock.bench.load.LoadSpec;
import org.ctlsock.bench.proc.MachineCpu;
import org.ctlsock.bench.proc.SchedulingGroups;
import org.ctlsock.bench.proc.ServerProcesses;

/**
 * Measures every target side by side. First each target in turn, alone under load: it is started
 * several times to time its start-up, the last start is kept running, its idle memory read, its
 * answers checked and every kind of load sent to it unmeasured. Then, with all of them running, cell
 * by cell and round by round, each target is measured in turn: a cell's measurements of all targets
 * lie within seconds of one another, so this virtual machine's drifting speed (in four runs within
 * half an hour, the plain reference jar gave 134,577 to 192,765 req/s for one cell; BENCHMARKS.md,
 * session 20) falls on all of them alike, and the ratios between targets, the figures the goals are
 * judged on, do not carry the drift between their turns.
 *
 * <p>A target waiting for its turn is idle: it answers no request and costs the one being measured
 * nothing but the memory it holds.
 */
public final class BenchmarkRun {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final BenchmarkSettings settings;
    private final Path workDir;
    private final PrintStream progress;

    public BenchmarkRun(BenchmarkSettings settings, Path workDir, PrintStream progress) {
        this.settings = settings;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** A target started and ready for its cells. */
    private record Started(TargetResult result, RunningServer server, ServerProcesses processes, Path socket) {
    }

    /** The servers running, stopped by the shutdown hook if the run is interrupted. */
    private final List<RunningServer> running = new CopyOnWriteArrayList<>();

    public List<TargetResult> run(List<Target> targets) throws InterruptedException {
        // Ctrl-C or SIGTERM during a run must not leave a server running on its own.
        Thread stopServers = new Thread(() -> running.forEach(RunningServer::close), "stop-servers-on-exit");
        Runtime.getRuntime().addShutdownHook(stopServers);
        try {
            List<TargetResult> results = new ArrayList<>();
            List<Started> started = new ArrayList<>();
            for (Target t : targets) {
                TargetResult r = new TargetResult(t);
                results.add(r);
                Started s = start(r);
                if (s != null) {
                    started.add(s);
                }
            }
            progress.printf("== the cells, each target in turn: %s%n",
                    started.stream().map(s -> s.result().target().name()).toList());
            for (Cell cell : settings.cells()) {
                measure(cell, started);
            }
            for (Started s : started) {
                s.result().peakRssBytes = s.processes().peakRssBytes();
            }
            return results;
        } finally {
            running.forEach(RunningServer::close);
            running.clear();
            Runtime.getRuntime().removeShutdownHook(stopServers);
        }
    }

    /**
     * Times the target's start-up, keeps its last start running, reads its idle memory, checks its
     * answers and warms it up; null (and the failure in the result) if it could not be started.
     */
    private Started start(TargetResult r) throws InterruptedException {
        Target target = r.target();
        String file = target.name().replaceAll("[^A-Za-z0-9._-]", "_");
        Path socket = workDir.resolve(file + ".sock");
        Path log = workDir.resolve(file + ".log");
        progress.printf("== %s: %s%n", target.name(), String.join(" ", target.command().words()));
        waitForQuiet();
        RunningServer server = null;
        try {
            for (int i = 0; i < settings.starts(); i++) {
                server = RunningServer.start(target, socket, log);
                running.add(server);
                Duration startup = server.awaitFirstAnswer(BenchmarkSettings.START_DEADLINE);
                r.startTimes.add(startup);
                progress.printf("   start %d: first answer after %d ms%n", i + 1, startup.toMillis());
                if (i < settings.starts() - 1) {
                    stop(server);
                    server = null;
                }
            }
            ServerProcesses processes = server.processes();
            r.pids = processes.pids();
            // After the start-up timing: the server's session is a scheduling group of its own, which
            // must get the generator's priority to compete with it on equal terms (see SchedulingGroups).
            for (String change : SchedulingGroups.matchOwn(r.pids)) {
                progress.printf("   scheduling group %s%n", change);
            }
            LockSupport.parkNanos(BenchmarkSettings.IDLE_SETTLE.toNanos()); // idle on purpose: no traffic
            r.idleRssBytes = processes.rssBytes();
            progress.printf("   pids %s, idle RSS %.1f MiB%n", r.pids, r.idleRssBytes / 1048576.0);
            for (Scenario s : settings.scenarios()) {
                r.answers.put(s.id(), answerTo(s, socket));
            }
            warmUp(socket);
            return new Started(r, server, processes, socket);
        } catch (IOException | RuntimeException e) {
            r.failure = e.getMessage();
            progress.println("   FAILED: " + e.getMessage());
            if (server != null) {
                stop(server);
            }
            return null;
        }
    }

    private void stop(RunningServer server) {
        server.close();
        running.remove(server);
    }

    /** The cell's measurements, round by round, each round every target still running in turn. */
    private void measure(Cell cell, List<Started> started) throws InterruptedException {
        Map<Started, List<LoadResult>> measurements = new LinkedHashMap<>();
        for (int i = 0; i < settings.repeats(); i++) {
            for (Started s : started) {
                TargetResult r = s.result();
                if (r.failure != null) {
                    continue;
                }
                if (!s.server().isAlive()) {
                    r.failure = "exited during the load; its output ends:\n" + s.server().logTail();
                    progress.printf("   %s FAILED: exited during the load%n", r.target().name());
                    continue;
                }
                LoadResult lr = leastDisturbed(cell, s.socket(), s.processes(), s.server());
                measurements.computeIfAbsent(s, k -> new ArrayList<>()).add(lr);
                lr.server().ifPresent(u -> r.maxLoadRssBytes = Math.max(r.maxLoadRssBytes, u.rssMaxBytes()));
                progress.printf(Locale.ROOT, "   %-10s %-22s %3d clients %-24s %9.0f req/s  p99 %7.3f ms  non-2xx %d  errors %d  other load %.0f %%%n",
                        cell.scenario().id(), cell.modeName(), cell.clients(), r.target().name(), lr.requestsPerSecond(),
                        lr.latencies().valueAtPercentile(99) / 1e6, lr.non2xx(), lr.errorCount(), lr.otherCpuShare() * 100);
            }
        }
        measurements.forEach((s, list) -> s.result().measured(cell, list));
    }

    /** One measurement of a cell: measured again, up to the configured times, while others disturb it. */
    private LoadResult leastDisturbed(Cell cell, Path socket, ServerProcesses processes, RunningServer server)
            throws InterruptedException {
        LoadResult lr = new LoadRun(spec(cell, socket), settings.engine(), processes).run();
        for (int retry = 0; retry < settings.noisyRetries() && disturbed(lr) && server.isAlive(); retry++) {
            progress.printf(Locale.ROOT, "   (other processes took %.0f %% of the machine: measuring again)%n",
                    lr.otherCpuShare() * 100);
            LoadResult again = new LoadRun(spec(cell, socket), settings.engine(), processes).run();
            if (again.otherCpuShare() < lr.otherCpuShare()) {
                lr = again;
            }
        }
        return lr;
    }

    private boolean disturbed(LoadResult r) {
        return r.disturbed(settings.noisyThreshold());
    }

    /**
     * On a shared machine, waits (up to the configured time) for a second in which other processes
     * use less than the noise threshold, so that a target's start-up is not timed during someone
     * else's build.
     */
    private void waitForQuiet() {
        long deadline = System.nanoTime() + settings.quietWait().toNanos();
        int cores = Runtime.getRuntime().availableProcessors();
        double share = 0;
        while (true) {
            long busy0 = MachineCpu.busyNanos();
            long t0 = System.nanoTime();
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // a measurement window, not a wait for an event
            share = (MachineCpu.busyNanos() - busy0) / ((System.nanoTime() - t0) * (double) cores);
            if (share <= settings.noisyThreshold() || System.nanoTime() > deadline) {
                break;
            }
        }
        progress.printf(Locale.ROOT, "   machine busy %.0f %% before starting%s%n", share * 100,
                share > settings.noisyThreshold() ? " (gave up waiting for it to be quiet)" : "");
    }

    /**
     * Runs every kind of load once, unmeasured, before a target's first cell: a JIT (the reference
     * server's, Node.js's, the generator's own) then has compiled the paths of every cell, so the
     * first cells are not measured, and charged its compilation, while the later ones are not.
     */
    private void warmUp(Path socket) throws InterruptedException {
        Duration each = Duration.ofMillis(500);
        for (boolean keepAlive : settings.keepAliveModes()) {
            for (Scenario s : settings.scenarios()) {
                for (int clients : new int[] {1, 16}) {
                    new LoadRun(new LoadSpec(socket, clients, Duration.ZERO, each, keepAlive, s.request(!keepAlive),
                            READ_TIMEOUT), settings.engine(), null).run();
                }
            }
        }
    }

    private LoadSpec spec(Cell cell, Path socket) {
        return new LoadSpec(socket, cell.clients(), settings.warmup(), settings.duration(), cell.keepAlive(),
                cell.scenario().request(!cell.keepAlive()), READ_TIMEOUT);
    }

    /** The status and body a target gives the scenario's request, for the report's sanity column. */
    private static String answerTo(Scenario s, Path socket) {
        HttpRequestTemplate request = s.request(true);
        try (Connection c = new JunixsocketConnector(socket.toFile(), (int) READ_TIMEOUT.toMillis()).open()) {
            c.out().write(request.bytes());
            c.out().flush();
            HttpResponseReader reader = new HttpResponseReader(c.in());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            reader.captureBodiesInto(body);
            int status = reader.readResponse(false);
            return status + " " + body.toString(StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "no answer: " + e.getMessage();
        }
    }
}
