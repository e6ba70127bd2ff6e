package org.ctlsock.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.ctlsock.bench.load.LoadResult;
import org.ctlsock.bench.stats.LatencyHistogram;

/**
 * Writes the measured figures as Markdown: the run's conditions, the verdict on each target of the
 * issue, start-up and memory, and one table per scenario and connection mode.
 */
public final class BenchmarkReport {

    /** Issue 7's goals for the reference server. */
    static final double MIN_RATIO_TO_NGINX = 0.5;
    static final double MIN_RATIO_TO_PYTHON = 5.0;
    static final double MAX_P99_RATIO_TO_NGINX = 2.0;
    static final Duration MAX_START = Duration.ofMillis(300);
    static final long MAX_IDLE_RSS = 64L * 1024 * 1024;
    /** The concurrency at which the throughput goals are judged. */
    static final int GOAL_CLIENTS = 16;

    /**
     * Issue 15's goals, for the server as the README starts it (the target of this name, which
     * run-benchmarks.sh measures beside the plain {@code java -jar}).
     */
    static final String LAUNCHER = "reference-launcher";
    static final double MAX_PEAK_RSS_MIB = 64;
    static final double MIN_THROUGHPUT_TO_PLAIN_JAR = 0.9;
    static final Duration MAX_LAUNCHER_START = Duration.ofMillis(150);
    static final double MIN_CONNECTION_RATIO_TO_NGINX = 0.8;
    static final double MAX_SINGLE_CLIENT_P99_TO_NGINX = 1.3;
    static final double MAX_KEEPALIVE_P99_TO_NGINX = 1.2;
    static final int CROWD_CLIENTS = 64;

    private final List<TargetResult> results;
    private final List<String> missing;
    private final BenchmarkSettings settings;
    private final String machine;
    private final String commandLine;
    private final String when;
    private final Duration took;
    private final StringBuilder md = new StringBuilder();

    public BenchmarkReport(List<TargetResult> results, List<String> missing, BenchmarkSettings settings,
            String machine, String commandLine, String when, Duration took) {
        this.results = results;
        this.missing = missing;
        this.settings = settings;
        this.machine = machine;
        this.commandLine = commandLine;
        this.when = when;
        this.took = took;
    }

    public String markdown() {
        conditions();
        verdicts();
        launcherVerdicts();
        startupAndMemory();
        for (Scenario s : settings.scenarios()) {
            for (boolean keepAlive : settings.keepAliveModes()) {
                throughputTable(s, keepAlive);
            }
        }
        return md.toString();
    }

    private void conditions() {
        line("## Results of the last run");
        line("");
        line("- **When:** " + when + ", took " + took.toMinutes() + " min " + took.toSecondsPart() + " s.");
        line("- **Command:** `" + commandLine + "`");
        line("- **Machine:** " + machine + ".");
        String perCell = settings.repeats() == 1
                ? seconds(settings.duration()) + " per cell after " + seconds(settings.warmup()) + " warm-up, the targets measured in turn cell by cell"
                : "per cell, " + settings.repeats() + " rounds, each round measuring every target in turn, each "
                        + seconds(settings.duration()) + " after " + seconds(settings.warmup()) + " of warm-up (all targets run at once, the ones not measured idle); "
                        + "the tables show each target's measurement with the median throughput, and a goal that compares two targets "
                        + "takes their ratio in each round (measurements seconds apart) and is judged on the median of those ratios";
        line(String.format(Locale.ROOT, "- **Settings:** %s (and, before a target's first cell, half a second of each scenario and mode at 1 and 16 clients, unmeasured); clients %s; %d starts per target for the "
                        + "start-up median; load generator: %s, on the same machine as the "
                        + "server (they share its cores, so a server's figures include the cost of sharing them).",
                perCell, join(settings.clients()), settings.starts(),
                settings.engine().name()));
        line(String.format(Locale.ROOT, "- **Noise:** this machine may be shared. Each cell records the share of the machine that "
                + "other processes used meanwhile (\"other load\"). A cell in which they took more than %.0f %% while the machine "
                + "had no idle time left was measured again up to %d times and the least disturbed measurement kept; one still "
                + "disturbed is marked †: its throughput may be understated. (With 1 client the generator and the server keep "
                + "about one core busy and others fill the other, so such cells are marked although they are seldom "
                + "disturbed much.) Before starting each target the run waited up to %s for a quiet second.",
                settings.noisyThreshold() * 100, settings.noisyRetries(), seconds(settings.quietWait())));
        line("");
        line("| target | role | command | processes measured |");
        line("|---|---|---|---|");
        for (TargetResult r : results) {
            line("| " + r.target.name() + " | " + r.target.role().name().toLowerCase(Locale.ROOT) + " | "
                    + escape(r.target.description()) + " | " + (r.pids.isEmpty() ? "-" : r.pids.size() + " (" + r.pids + ")") + " |");
        }
        line("");
        List<String> problems = new ArrayList<>(missing);
        for (TargetResult r : results) {
            if (r.failure != null) {
                problems.add(r.target.name() + " failed: " + r.failure);
            }
        }
        if (!problems.isEmpty()) {
            line("Not measured, or not completely:");
            line("");
            for (String p : problems) {
                line("- " + escape(p).replace("\n", " / "));
            }
            line("");
        }
    }

    private void verdicts() {
        Optional<TargetResult> ref = byRole(Target.Role.REFERENCE);
        line("### The issue's targets for the reference server");
        line("");
        if (ref.isEmpty()) {
            line("The reference server was not measured, so no target can be judged.");
            line("");
            return;
        }
        TargetResult reference = ref.get();
        Optional<TargetResult> nginx = byRole(Target.Role.CEILING);
        Optional<TargetResult> node = fixtureIn("node");
        Optional<TargetResult> python = fixtureIn("python");
        line("Throughput and latency goals are judged on the keep-alive cells at " + GOAL_CLIENTS + " clients.");
        line("");
        line("| goal | scenario | measured | verdict |");
        line("|---|---|---|---|");
        for (Scenario s : settings.scenarios()) {
            Cell cell = new Cell(s, true, GOAL_CLIENTS);
            if (reference.cell(cell) == null) {
                continue;
            }
            nginx.ifPresent(n -> throughputAtLeast("throughput ≥ 0.5 × nginx", reference, n, cell, MIN_RATIO_TO_NGINX,
                    "× nginx"));
            bestFixture(cell).ifPresent(b -> throughputAtLeast("throughput ahead of every fixture (best: "
                    + b.target.name() + ")", reference, b, cell, 1.0, "× " + b.target.name()));
            node.ifPresent(n -> throughputAtLeast("throughput ≥ Node.js", reference, n, cell, 1.0, "× node"));
            python.ifPresent(p -> throughputAtLeast("throughput ≥ 5 × Python stdlib", reference, p, cell,
                    MIN_RATIO_TO_PYTHON, "× python"));
            nginx.ifPresent(n -> p99AtMost("p99 within 2 × nginx's", reference, n, cell, MAX_P99_RATIO_TO_NGINX));
        }
        Duration start = reference.medianStart();
        if (start != null) {
            atMost("start to first answer < 300 ms", null, start.toMillis(), MAX_START.toMillis(),
                    " ms (median of " + reference.startTimes.size() + ")");
        }
        if (reference.idleRssBytes > 0) {
            atMost("RSS < 64 MiB idle", null, reference.idleRssBytes / 1048576.0, MAX_IDLE_RSS / 1048576.0, " MiB");
        }
        line("");
    }

    /**
     * Issue 15 ("small and quick by default"): peak memory, throughput against the plain jar, start-up, the
     * cost of a new connection and the p99 latencies, each as a ratio against nginx measured in the same run.
     */
    private void launcherVerdicts() {
        Optional<TargetResult> launcher = results.stream().filter(r -> r.target.name().equals(LAUNCHER)).findFirst();
        Optional<TargetResult> plainJar = byRole(Target.Role.REFERENCE);
        Optional<TargetResult> nginx = byRole(Target.Role.CEILING);
        line("### Issue 15's targets for the server as the README starts it (" + LAUNCHER + ")");
        line("");
        if (launcher.isEmpty() || nginx.isEmpty()) {
            line("The launcher or nginx was not measured, so these targets cannot be judged.");
            line("");
            return;
        }
        TargetResult mine = launcher.get();
        TargetResult ceiling = nginx.get();
        line("| goal | scenario | measured | verdict |");
        line("|---|---|---|---|");
        if (mine.peakRssBytes > 0) {
            atMost("peak RSS (VmHWM) through every load ≤ 64 MiB", null, mine.peakRssBytes / 1048576.0,
                    MAX_PEAK_RSS_MIB, " MiB");
        }
        plainJar.ifPresent(plain -> {
            Cell worst = null;
            PairedRatio worstRatio = null;
            for (Cell c : mine.cells.keySet()) {
                PairedRatio r = PairedRatio.of(mine, plain, c, LoadResult::requestsPerSecond);
                if (r != null && (worstRatio == null || r.median() < worstRatio.median())) {
                    worstRatio = r;
                    worst = c;
                }
            }
            if (worst != null) {
                atLeast("every throughput within 10 % of the plain `java -jar` (worst cell: " + worst.clients()
                        + " clients, " + (worst.keepAlive() ? "keep-alive" : "connection per request") + ")",
                        worst.scenario(), worstRatio.median(), MIN_THROUGHPUT_TO_PLAIN_JAR, "× plain jar",
                        inParentheses(worstRatio.roundsText()));
            }
        });
        Duration start = mine.medianStart();
        if (start != null) {
            atMost("start to first answer ≤ 150 ms (stretch: 100)", null, start.toMillis(),
                    MAX_LAUNCHER_START.toMillis(), " ms (median of " + mine.startTimes.size() + ")");
        }
        for (Scenario s : settings.scenarios()) {
            throughputAtLeast("new connection per request, " + GOAL_CLIENTS + " clients: throughput ≥ 0.8 × nginx",
                    mine, ceiling, new Cell(s, false, GOAL_CLIENTS), MIN_CONNECTION_RATIO_TO_NGINX, "× nginx");
            p99AtMost("new connection per request, 1 client: p99 within 1.3 × nginx's", mine, ceiling,
                    new Cell(s, false, 1), MAX_SINGLE_CLIENT_P99_TO_NGINX);
            p99AtMost("keep-alive, " + CROWD_CLIENTS + " clients: p99 within 1.2 × nginx's", mine, ceiling,
                    new Cell(s, true, CROWD_CLIENTS), MAX_KEEPALIVE_P99_TO_NGINX);
        }
        line("");
    }

    /** A throughput goal on one cell: at least {@code goal} × the other's, round by round (see PairedRatio). */
    private void throughputAtLeast(String title, TargetResult mine, TargetResult other, Cell cell, double goal,
            String unit) {
        PairedRatio r = PairedRatio.of(mine, other, cell, LoadResult::requestsPerSecond);
        if (r != null) {
            atLeast(title, cell.scenario(), r.median(), goal, unit, inParentheses(r.roundsText()));
        }
    }

    /**
     * A p99 goal on one cell: at most {@code goal} × the other's, round by round (see PairedRatio), with
     * the two p99s of the median round.
     */
    private void p99AtMost(String title, TargetResult mine, TargetResult other, Cell cell, double goal) {
        PairedRatio r = PairedRatio.of(mine, other, cell, lr -> lr.latencies().valueAtPercentile(99));
        if (r == null) {
            return;
        }
        List<String> detail = new ArrayList<>();
        if (r.mine() != null) {
            detail.add((r.perRound().size() == 1 ? "" : "in the median round ")
                    + ms(r.mine().latencies().valueAtPercentile(99)) + " vs " + ms(r.other().latencies().valueAtPercentile(99))
                    + " ms");
        }
        if (!r.roundsText().isEmpty()) {
            detail.add(r.roundsText());
        }
        atMost(title, cell.scenario(), r.median(), goal, "× " + other.target.name() + "'s p99",
                inParentheses(String.join("; ", detail)));
    }

    private static String inParentheses(String s) {
        return s.isEmpty() ? "" : " (" + s + ")";
    }

    private void atLeast(String goal, Scenario s, double value, double goalValue, String unit) {
        atLeast(goal, s, value, goalValue, unit, "");
    }

    /** {@code detail} follows the measured value: how it was reached. */
    private void atLeast(String goal, Scenario s, double value, double goalValue, String unit, String detail) {
        String verdict = value >= goalValue
                ? "met, " + percent((value / goalValue - 1) * 100) + " above the goal"
                : String.format(Locale.ROOT, "**missed** by %s (needs %.2f%s)", percent((1 - value / goalValue) * 100), goalValue,
                        unit.startsWith("×") ? " " + unit : " " + unit);
        line("| " + goal + " | " + (s == null ? "-" : s.title()) + " | "
                + String.format(Locale.ROOT, "%.2f%s", value, unit.startsWith("×") ? " " + unit : unit) + detail + " | "
                + verdict + " |");
    }

    private void atMost(String goal, Scenario s, double value, double goalValue, String unit) {
        atMost(goal, s, value, goalValue, unit, "");
    }

    /** {@code detail} follows the measured value: how it was reached. */
    private void atMost(String goal, Scenario s, double value, double goalValue, String unit, String detail) {
        String verdict = value <= goalValue
                ? "met, " + percent((1 - value / goalValue) * 100) + " under the limit"
                : String.format(Locale.ROOT, "**missed** by %s (limit %s)", percent((value / goalValue - 1) * 100), trim(goalValue));
        line("| " + goal + " | " + (s == null ? "-" : s.title()) + " | "
                + (unit.startsWith("×") ? String.format(Locale.ROOT, "%.2f %s", value, unit) : trim(value) + unit)
                + detail + " | " + verdict + " |");
    }

    /** A percentage with one decimal when it is small, so that "missed by 0 %" cannot happen. */
    private static String percent(double p) {
        return String.format(Locale.ROOT, p < 10 ? "%.1f %%" : "%.0f %%", p);
    }

    private void startupAndMemory() {
        line("### Start-up and memory");
        line("");
        line("Start to first answer: from just before the process is started to the first HTTP response to "
                + "`GET /echo` (the socket polled every 0.5 ms). Idle RSS: VmRSS of the processes holding the listening "
                + "socket, " + seconds(BenchmarkSettings.IDLE_SETTLE) + " after the first answer, before any load. "
                + "Under load: the largest VmRSS sampled every 100 ms during the measurements. Peak: VmHWM at the end.");
        line("");
        line("| target | start to first answer, median (min–max) | idle RSS | max RSS under load | peak RSS (VmHWM) | answer to " + answersHeader() + " |");
        line("|---|---|---|---|---|---|");
        for (TargetResult r : results) {
            String start = r.medianStart() == null ? "-" : String.format(Locale.ROOT, "%d ms (%d–%d)",
                    r.medianStart().toMillis(), r.startTimes.stream().mapToLong(Duration::toMillis).min().orElse(0),
                    r.startTimes.stream().mapToLong(Duration::toMillis).max().orElse(0));
            List<String> answers = new ArrayList<>();
            for (Scenario s : settings.scenarios()) {
                String a = r.answers.get(s.id());
                boolean correct = a != null && a.equals("200 " + s.expectedBody());
                answers.add(a == null ? "-" : "`" + escape(a) + "`" + (correct || r.target.role() == Target.Role.CEILING ? "" : " (expected `200 " + s.expectedBody() + "`)"));
            }
            line("| " + r.target.name() + " | " + start + " | " + mib(r.idleRssBytes) + " | " + mib(r.maxLoadRssBytes)
                    + " | " + mib(r.peakRssBytes) + " | " + String.join(", ", answers) + " |");
        }
        line("");
    }

    private String answersHeader() {
        List<String> titles = new ArrayList<>();
        for (Scenario s : settings.scenarios()) {
            titles.add(s.title());
        }
        return String.join(", ", titles);
    }

    private void throughputTable(Scenario s, boolean keepAlive) {
        line("### " + s.title() + ", " + (keepAlive ? "keep-alive" : "connection per request"));
        line("");
        line("| clients | target | req/s | × nginx | × best fixture | p50 ms | p99 ms | p99.9 ms | non-2xx | errors | server CPU µs/req | client CPU µs/req | other load |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int clients : settings.clients()) {
            Cell cell = new Cell(s, keepAlive, clients);
            LoadResult ceiling = byRole(Target.Role.CEILING).map(n -> n.cell(cell)).orElse(null);
            LoadResult best = bestFixture(cell).map(b -> b.cell(cell)).orElse(null);
            for (TargetResult r : results) {
                LoadResult lr = r.cell(cell);
                if (lr == null) {
                    continue;
                }
                LatencyHistogram h = lr.latencies();
                String serverCpu = lr.server().map(u -> lr.responses() == 0 ? "-"
                        : String.format(Locale.ROOT, "%.1f", u.cpuNanos() / 1e3 / lr.responses())).orElse("-");
                line(String.format(Locale.ROOT, "| %d | %s | %.0f | %s | %s | %s | %s | %s | %d | %s | %s | %.1f | %s |",
                        clients, r.target.role() == Target.Role.REFERENCE ? "**" + r.target.name() + "**" : r.target.name(),
                        lr.requestsPerSecond(), ratio(lr, ceiling, LoadResult::requestsPerSecond),
                        ratio(lr, best, LoadResult::requestsPerSecond), ms(h.valueAtPercentile(50)),
                        ms(h.valueAtPercentile(99)), ms(h.valueAtPercentile(99.9)), lr.non2xx(), errors(lr), serverCpu,
                        lr.clientCpuMicrosPerRequest(),
                        Double.isNaN(lr.otherCpuShare()) ? "-" : String.format(Locale.ROOT, "%.0f %%%s", lr.otherCpuShare() * 100,
                                lr.disturbed(settings.noisyThreshold()) ? " †" : "")));
            }
        }
        line("");
    }

    private static String errors(LoadResult lr) {
        if (lr.errorCount() == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder().append(lr.errorCount()).append(" (");
        String sep = "";
        for (org.ctlsock.bench.load.ErrorKind k : org.ctlsock.bench.load.ErrorKind.values()) {
            if (lr.errors(k) > 0) {
                b.append(sep).append(k.label()).append(' ').append(lr.errors(k));
                sep = ", ";
            }
        }
        return b.append(')').toString();
    }

    private static String ratio(LoadResult lr, LoadResult base, ToDoubleFunction<LoadResult> f) {
        if (base == null || f.applyAsDouble(base) == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", f.applyAsDouble(lr) / f.applyAsDouble(base));
    }

    /** The fixture with the highest throughput in the cell. */
    private Optional<TargetResult> bestFixture(Cell cell) {
        TargetResult best = null;
        for (TargetResult r : results) {
            if (r.target.role() == Target.Role.FIXTURE && r.cell(cell) != null
                    && (best == null || r.cell(cell).requestsPerSecond() > best.cell(cell).requestsPerSecond())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    private Optional<TargetResult> byRole(Target.Role role) {
        return results.stream().filter(r -> r.target.role() == role).findFirst();
    }

    /** The fixture whose descriptor lives in fixtures/NAME. */
    private Optional<TargetResult> fixtureIn(String dirName) {
        return results.stream().filter(r -> r.target.role() == Target.Role.FIXTURE && r.target.dir() != null
                && r.target.dir().getFileName().toString().equals(dirName)).findFirst();
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return bytes == 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String seconds(Duration d) {
        return trim(d.toMillis() / 1000.0) + " s";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String join(List<Integer> xs) {
        return String.join(", ", xs.stream().map(String::valueOf).toList());
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
