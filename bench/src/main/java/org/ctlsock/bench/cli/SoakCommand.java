package org.ctlsock.bench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ctlsock.bench.load.Engine;
import org.ctlsock.bench.load.LoadResult;
import org.ctlsock.bench.load.LoadRun;
import org.ctlsock.bench.load.LoadSpec;
import org.ctlsock.bench.proc.ServerProcesses;

/**
 * {@code soak}: sustained load for minutes, in back-to-back intervals, printing the server's RSS and
 * throughput after each, so that memory that grows with the number of requests shows as a trend.
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
                first.clients(), first.keepAlive() ? "keep-alive" : "connection per request", server.pids());
        out.printf(Locale.ROOT, "   start  RSS %s (before any load)%n", LoadReport.mib(rssStart));

        long responses = 0;
        long errors = 0;
        long non2xx = 0;
        long deadline = System.nanoTime() + total.toNanos();
        long begun = System.nanoTime();
        boolean firstInterval = true;
        while (System.nanoTime() < deadline && server.anyAlive()) {
            Duration slice = Duration.ofNanos(Math.min(every.toNanos(), deadline - System.nanoTime()));
            if (slice.toMillis() < 100) {
                break;
            }
            LoadSpec spec = new LoadSpec(first.socket(), first.clients(), firstInterval ? first.warmup() : Duration.ZERO,
                    slice, first.keepAlive(), first.request(), first.readTimeout());
            firstInterval = false;
            LoadResult r = new LoadRun(spec, engine, server).run();
            responses += r.responses();
            errors += r.errorCount();
            non2xx += r.non2xx();
            out.printf(Locale.ROOT, "   %5.0f s  RSS %s (max %s in the interval)  %8.0f req/s  p99 %s  non-2xx %d  errors %d%n",
                    (System.nanoTime() - begun) / 1e9, LoadReport.mib(server.rssBytes()),
                    LoadReport.mib(r.server().map(u -> u.rssMaxBytes()).orElse(0L)), r.requestsPerSecond(),
                    LoadReport.millis(r.latencies().valueAtPercentile(99)), r.non2xx(), r.errorCount());
        }
        long rssEnd = server.rssBytes();
        out.printf(Locale.ROOT, "   end    RSS %s (start %s, %+.1f MiB); peak (VmHWM) %s; %d responses, %d non-2xx, %d errors%n",
                LoadReport.mib(rssEnd), LoadReport.mib(rssStart), (rssEnd - rssStart) / 1048576.0,
                LoadReport.mib(server.peakRssBytes()), responses, non2xx, errors);
        if (!server.anyAlive()) {
            out.println("   the server exited during the soak");
            return 1;
        }
        return errors == 0 && responses > 0 ? 0 : 1;
    }
}
