package org.ctlsock.bench.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ctlsock.bench.load.ErrorKind;
import org.ctlsock.bench.load.LoadResult;
import org.ctlsock.bench.load.LoadSpec;
import org.ctlsock.bench.load.ServerUsage;
import org.ctlsock.bench.stats.LatencyHistogram;

/** Formats a load result for people (text) and for programs (a JSON-ready map). */
public final class LoadReport {

    private LoadReport() {
    }

    public static String text(LoadResult r) {
        LoadSpec s = r.spec();
        LatencyHistogram h = r.latencies();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s %s on %s: %d client%s, %s, %.1f s measured after %.1f s warm-up (%s)%n",
                r.spec().request().method(), pathOf(r), s.socket(), s.clients(), s.clients() == 1 ? "" : "s",
                s.keepAlive() ? "keep-alive" : "connection per request",
                r.measuredNanos() / 1e9, s.warmup().toMillis() / 1e3, r.connector()));
        out.append(String.format(Locale.ROOT, "  requests     %d responses = %.1f req/s%n", r.responses(), r.requestsPerSecond()));
        out.append(String.format(Locale.ROOT,
                "  latency      p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, min %s)%n",
                millis(h.valueAtPercentile(50)), millis(h.valueAtPercentile(90)), millis(h.valueAtPercentile(99)),
                millis(h.valueAtPercentile(99.9)), millis(h.max()), millis((long) h.mean()), millis(h.min())));
        out.append("  statuses    ");
        boolean any = false;
        for (int code = 0; code < r.statuses().length; code++) {
            if (r.statuses()[code] > 0) {
                out.append(' ').append(code == 0 ? "other" : Integer.toString(code)).append(": ").append(r.statuses()[code]);
                any = true;
            }
        }
        out.append(any ? "" : " none").append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "  non-2xx      %d%n", r.non2xx()));
        out.append(String.format(Locale.ROOT, "  errors       %d", r.errorCount()));
        if (r.errorCount() > 0) {
            out.append(" (");
            String sep = "";
            for (ErrorKind k : ErrorKind.values()) {
                if (r.errors(k) > 0) {
                    out.append(sep).append(k.label()).append(' ').append(r.errors(k));
                    sep = ", ";
                }
            }
            out.append(')');
        }
        out.append(System.lineSeparator());
        for (ErrorKind k : ErrorKind.values()) {
            String m = r.firstErrorMessages()[k.ordinal()];
            if (m != null) {
                out.append("    first ").append(k.label()).append(" error: ").append(m).append(System.lineSeparator());
            }
        }
        out.append(String.format(Locale.ROOT, "  connections  %d opened, %d body bytes received%n",
                r.connectionsOpened(), r.responseBodyBytes()));
        double seconds = r.measuredNanos() / 1e9;
        out.append(String.format(Locale.ROOT, "  client CPU   %.0f%% of one core, %.1f us per response%n",
                r.clientCpuNanos() / 1e9 / seconds * 100, r.clientCpuMicrosPerRequest()));
        r.server().ifPresent(u -> out.append(String.format(Locale.ROOT,
                "  server       pid %s: CPU %.0f%% of one core, %.1f us per response; RSS %s at start, %s max, %s at end%n",
                u.pids().toString().replaceAll("[\\[\\] ]", ""), u.cpuNanos() / 1e9 / seconds * 100,
                r.responses() == 0 ? 0.0 : u.cpuNanos() / 1e3 / r.responses(),
                mib(u.rssStartBytes()), mib(u.rssMaxBytes()), mib(u.rssEndBytes()))));
        if (!Double.isNaN(r.otherCpuShare())) {
            out.append(String.format(Locale.ROOT, "  other CPU    %.0f%% of the machine used by other processes meanwhile%n",
                    r.otherCpuShare() * 100));
        }
        return out.toString();
    }

    public static Map<String, Object> json(LoadResult r) {
        LatencyHistogram h = r.latencies();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("socket", r.spec().socket().toString());
        m.put("method", r.spec().request().method());
        m.put("clients", r.spec().clients());
        m.put("keepAlive", r.spec().keepAlive());
        m.put("connector", r.connector());
        m.put("warmupSeconds", r.spec().warmup().toMillis() / 1e3);
        m.put("measuredSeconds", r.measuredNanos() / 1e9);
        m.put("responses", r.responses());
        m.put("requestsPerSecond", r.requestsPerSecond());
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("min", h.min() / 1e6);
        lat.put("mean", h.mean() / 1e6);
        lat.put("p50", h.valueAtPercentile(50) / 1e6);
        lat.put("p90", h.valueAtPercentile(90) / 1e6);
        lat.put("p99", h.valueAtPercentile(99) / 1e6);
        lat.put("p999", h.valueAtPercentile(99.9) / 1e6);
        lat.put("max", h.max() / 1e6);
        m.put("latencyMillis", lat);
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (int code = 0; code < r.statuses().length; code++) {
            if (r.statuses()[code] > 0) {
                statuses.put(code == 0 ? "other" : Integer.toString(code), r.statuses()[code]);
            }
        }
        m.put("statuses", statuses);
        m.put("non2xx", r.non2xx());
        Map<String, Object> errors = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k.label(), r.errors(k));
        }
        m.put("errors", errors);
        m.put("connectionsOpened", r.connectionsOpened());
        m.put("clientCpuMicrosPerResponse", r.clientCpuMicrosPerRequest());
        r.server().ifPresent(u -> m.put("server", serverJson(u, r)));
        if (!Double.isNaN(r.otherCpuShare())) {
            m.put("otherProcessesCpuShare", r.otherCpuShare());
        }
        return m;
    }

    private static Map<String, Object> serverJson(ServerUsage u, LoadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pids", u.pids());
        m.put("cpuMicrosPerResponse", r.responses() == 0 ? 0.0 : u.cpuNanos() / 1e3 / r.responses());
        m.put("userCpuMicrosPerResponse", r.responses() == 0 ? 0.0 : u.userCpuNanos() / 1e3 / r.responses());
        m.put("rssStartBytes", u.rssStartBytes());
        m.put("rssMaxBytes", u.rssMaxBytes());
        m.put("rssEndBytes", u.rssEndBytes());
        return m;
    }

    private static String pathOf(LoadResult r) {
        String request = new String(r.spec().request().bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        int sp = request.indexOf(' ');
        return request.substring(sp + 1, request.indexOf(' ', sp + 1));
    }

    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
