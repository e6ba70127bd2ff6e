package org.ctlsock.bench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.ctlsock.bench.load.Engine;
import org.ctlsock.bench.load.LoadResult;
import org.ctlsock.bench.load.LoadRun;
import org.ctlsock.bench.load.LoadSpec;
import org.ctlsock.bench.proc.ServerProcesses;

/**
 * {@code soak}: sustained load for minutes, printing the server's RSS after every interval and the totals
 * at the end, so that memory that grows with the number of requests shows as a trend.
 */
public final class SoakCommand {

    private SoakCommand() {
    }

    public static int run(List<String> args, PrintStream out) throws UsageException, IOException, InterruptedException {
        Set<String> valued = new HashSet<>(LoadCommand.VALUED);
        valued.addAll(Set.of("minutes", "every"));
        Set<String> flags = new HashSet<>(LoadCommand.FLAGS);
        flags.removeAll(Set.of("json", "print-response"));
        OptionParser o = OptionParser.parse(args, valued, flags);
        double minutes;
        try {
            minutes = Double.parseDouble(o.get("minutes", "5"));
        } catch (NumberFormatException e) {
            throw new UsageException("--minutes needs a number, not " + o.get("minutes", ""));
        }
        Duration total = Duration.ofMillis(Math.round(minutes * 60_000));
        Duration every = o.duration("every", Duration.ofSeconds(30));
        if (total.isZero() || total.isNegative() || every.isZero() || every.isNegative()) {
            throw new UsageException("--minutes and --every must be positive");
        }
        LoadSpec first = LoadCommand.spec(o);
        ServerProcesses server = LoadCommand.serverProcesses(o.get("server-pid", "auto"), first.socket());
        if (server == null) {
            throw new UsageException("soak reports the server's memory: no process holds a listening socket at "
                    + first.socket() + " (give --server-pid)");
        }
        Engine engine = LoadCommand.engine(o);
        long rssStart = server.rssBytes();
        out.printf(Locale.ROOT, "soak: %s for %s, %d clients, %s; server pids %s%n", first.socket(), total,
                first.clients(), first.keepAlive() ? "keep-alive, each client holding its connection throughout"
                        : "connection per request", server.pids());
        out.printf(Locale.ROOT, "   start  RSS %s (before any load)%n", LoadReport.mib(rssStart));

        // One run for the whole soak: keep-alive clients hold their connections from start to end, as
        // long-lived clients do. (Until session 21 each interval was a run of its own, so every client
        // reconnected once an interval; the objects of each interval's connections then outlived their
        // connections in the server's old generation, a growth that came from the tool, not the server.)
        LoadSpec spec = new LoadSpec(first.socket(), first.clients(), first.warmup(), total, first.keepAlive(),
                first.request(), first.readTimeout());
        IntervalReporter reporter = new IntervalReporter(server, every, out);
        LoadResult r = new LoadRun(spec, engine, server).run(reporter);
        long rssEnd = server.rssBytes();
        out.printf(Locale.ROOT, "   end    RSS %s (start %s, %+.1f MiB); peak (VmHWM) %s; %d responses (%.0f req/s), p99 %s, "
                        + "%d non-2xx, %d errors%n",
                LoadReport.mib(rssEnd), LoadReport.mib(rssStart), (rssEnd - rssStart) / 1048576.0,
                LoadReport.mib(server.peakRssBytes()), r.responses(), r.requestsPerSecond(),
                LoadReport.millis(r.latencies().valueAtPercentile(99)), r.non2xx(), r.errorCount());
        if (!server.anyAlive()) {
            out.println("   the server exited during the soak");
            return 1;
        }
        return r.errorCount() == 0 && r.responses() > 0 ? 0 : 1;
    }

    /**
     * Prints a line at the end of every interval, from the run's control thread: the server's RSS then,
     * the largest RSS sampled in the interval, and the CPU the server used in it (which shows that the
     * load went on).
     */
    private static final class IntervalReporter implements BooleanSupplier {
        private final ServerProcesses server;
        private final long everyNanos;
        private final PrintStream out;
        private final long begun = System.nanoTime();
        private long intervalStart = begun;
        private long cpuAtIntervalStart;
        private long rssMax;

        IntervalReporter(ServerProcesses server, Duration every, PrintStream out) {
            this.server = server;
            this.everyNanos = every.toNanos();
            this.out = out;
            this.cpuAtIntervalStart = server.cpuNanos();
        }

        /** @return false once the server has exited: the soak ends there */
        @Override
        public boolean getAsBoolean() {
            if (!server.anyAlive()) {
                return false;
            }
            long rss = server.rssBytes();
            rssMax = Math.max(rssMax, rss);
            long now = System.nanoTime();
            if (now - intervalStart < everyNanos) {
                return true;
            }
            long cpu = server.cpuNanos();
            out.printf(Locale.ROOT, "   %5.0f s  RSS %s (max %s in the interval)  server CPU %3.0f %% of a core%n",
                    (now - begun) / 1e9, LoadReport.mib(rss), LoadReport.mib(rssMax),
                    100.0 * (cpu - cpuAtIntervalStart) / (now - intervalStart));
            out.flush();
            intervalStart = now;
            cpuAtIntervalStart = cpu;
            rssMax = 0;
            return true;
        }
    }
}
