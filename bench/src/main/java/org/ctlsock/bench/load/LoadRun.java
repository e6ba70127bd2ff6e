package org.ctlsock.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.ctlsock.bench.proc.MachineCpu;
import org.ctlsock.bench.proc.ServerProcesses;
import org.ctlsock.bench.stats.LatencyHistogram;

/**
 * Runs one load: starts the clients, lets them warm up, measures for the set duration while
 * sampling the server's memory, stops them and merges what they saw.
 */
public final class LoadRun {

    private static final long SAMPLE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LoadSpec spec;
    private final Engine engine;
    private final ServerProcesses server;

    /**
     * @param server the server's processes to measure, or null to measure only the client side
     */
    public LoadRun(LoadSpec spec, Connector connector, ServerProcesses server) {
        this(spec, new BlockingEngine(connector), server);
    }

    /**
     * @param server the server's processes to measure, or null to measure only the client side
     */
    public LoadRun(LoadSpec spec, Engine engine, ServerProcesses server) {
        this.spec = spec;
        this.engine = engine;
        this.server = server;
    }

    public LoadResult run() throws InterruptedException {
        return run(null);
    }

    /**
     * Runs the load as {@link #run()} does, and while it measures, calls {@code progress} (if not
     * null) every 100 ms on the run's own control thread: a long run's caller reports as it goes, and
     * ends the measurement early by returning false (the server it measures has gone).
     */
    public LoadResult run(BooleanSupplier progress) throws InterruptedException {
        boolean warm = !spec.warmup().isZero();
        LoadPhase phase = new LoadPhase(warm ? LoadPhase.WARMUP : LoadPhase.MEASURE);
        List<LoadWorker> workers = engine.workers(spec, phase);
        List<Thread> threads = new ArrayList<>();
        for (LoadWorker worker : workers) {
            Thread thread = new Thread(worker, "load-" + threads.size());
            thread.setDaemon(true); // never keep the JVM alive for a client stuck on a dead server
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try {
            if (warm) {
                waitUntil(System.nanoTime() + spec.warmup().toNanos(), workers, null);
                phase.set(LoadPhase.MEASURE);
            }
            long cpuStart = processCpuNanos();
            long machineStart = MachineCpu.busyNanos();
            long serverCpuStart = server == null ? 0 : server.cpuNanos();
            long serverUserCpuStart = server == null ? 0 : server.userCpuNanos();
            long rssStart = server == null ? 0 : server.rssBytes();
            long start = System.nanoTime();
            long[] rssMax = {rssStart};
            waitUntil(start + spec.duration().toNanos(), workers, () -> {
                if (server != null) {
                    rssMax[0] = Math.max(rssMax[0], server.rssBytes());
                }
                return progress == null || progress.getAsBoolean();
            });
            phase.set(LoadPhase.STOP);
            long measured = System.nanoTime() - start;
            long clientCpu = processCpuNanos() - cpuStart;
            long machineCpu = MachineCpu.busyNanos() - machineStart;
            Optional<ServerUsage> usage = Optional.empty();
            if (server != null) {
                long rssEnd = server.rssBytes();
                usage = Optional.of(new ServerUsage(server.pids(), server.cpuNanos() - serverCpuStart,
                        server.userCpuNanos() - serverUserCpuStart, rssStart, Math.max(rssMax[0], rssEnd), rssEnd));
            }
            joinAll(threads, workers);
            return merge(workers, measured, clientCpu, machineCpu, usage);
        } finally {
            phase.set(LoadPhase.STOP);
        }
    }

    /**
     * Waits for the deadline, or until {@code sample} (if not null), run every 100 ms meanwhile, returns
     * false; aborts the requests that have waited longer than the timeout.
     */
    private void waitUntil(long deadline, List<LoadWorker> workers, BooleanSupplier sample) {
        long timeout = spec.readTimeout().toNanos();
        while (true) {
            long now = System.nanoTime();
            long left = deadline - now;
            if (left <= 0) {
                return;
            }
            for (LoadWorker worker : workers) {
                worker.abortIfStuck(now, timeout);
            }
            LockSupport.parkNanos(Math.min(left, SAMPLE_INTERVAL_NANOS));
            if (sample != null && !sample.getAsBoolean()) {
                return;
            }
        }
    }

    /**
     * Clients finish their request in flight. A server that does not answer is given a moment, then
     * the connections are closed under the clients so that the run ends on time.
     */
    private void joinAll(List<Thread> threads, List<LoadWorker> workers) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(spec.readTimeout().toNanos(), TimeUnit.SECONDS.toNanos(2));
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        for (LoadWorker worker : workers) {
            worker.abortIfStuck(Long.MAX_VALUE, 0);
        }
        for (Thread thread : threads) {
            thread.join(1000);
        }
    }

    private LoadResult merge(List<LoadWorker> workers, long measuredNanos, long clientCpu, long machineCpu,
            Optional<ServerUsage> usage) {
        LatencyHistogram latencies = new LatencyHistogram();
        long[] statuses = new long[600];
        long[] errors = new long[ErrorKind.values().length];
        String[] messages = new String[ErrorKind.values().length];
        long connections = 0;
        long bodyBytes = 0;
        for (LoadWorker worker : workers) {
            ClientStats s = worker.stats();
            latencies.add(s.latencies);
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] += s.statuses[i];
            }
            for (int i = 0; i < errors.length; i++) {
                errors[i] += s.errors[i];
                if (messages[i] == null) {
                    messages[i] = s.firstErrorMessages[i];
                }
            }
            connections += s.connectionsOpened;
            bodyBytes += s.responseBodyBytes;
        }
        return new LoadResult(spec, engine.name(), measuredNanos, latencies, statuses, errors, messages,
                connections, bodyBytes, clientCpu, machineCpu, usage);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
