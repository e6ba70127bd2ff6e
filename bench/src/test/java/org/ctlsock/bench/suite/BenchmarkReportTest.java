package org.ctlsock.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ctlsock.bench.load.BlockingEngine;
import org.ctlsock.bench.load.ErrorKind;
import org.ctlsock.bench.load.LoadResult;
import org.ctlsock.bench.load.LoadSpec;
import org.ctlsock.bench.load.ServerUsage;
import org.ctlsock.bench.stats.LatencyHistogram;
import org.ctlsock.process.CommandTemplate;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The verdicts are arithmetic on the figures: checked here on made-up figures. */
class BenchmarkReportTest {

    private static final Scenario GET = Scenario.ALL.get(0);
    private static final BenchmarkSettings SETTINGS = new BenchmarkSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 1,
            List.of(16), List.of(true), List.of(GET), 3, BlockingEngine.named("jdk"), 0.15, 2, Duration.ofSeconds(1));

    /** A cell result with the given throughput and a p99 of {@code p99Micros}. */
    static LoadResult result(double rps, long p99Micros) {
        return result(rps, p99Micros, 2_000_000_000L);
    }

    private static LoadResult result(double rps, long p99Micros, long machineCpuNanos) {
        LatencyHistogram h = new LatencyHistogram();
        long n = Math.round(rps * 3);
        for (long i = 0; i < n; i++) {
            h.record(i < n * 0.985 ? 100_000 : p99Micros * 1000);
        }
        LoadSpec spec = new LoadSpec(Path.of("/s"), 16, Duration.ofSeconds(1), Duration.ofSeconds(3), true,
                GET.request(false), Duration.ofSeconds(10));
        long[] statuses = new long[600];
        statuses[200] = n;
        return new LoadResult(spec, "test", 3_000_000_000L, h, statuses, new long[ErrorKind.values().length],
                new String[ErrorKind.values().length], 0, 0, 1_000_000_000L, machineCpuNanos,
                Optional.of(new ServerUsage(List.of(1L), 1_000_000_000L, 600_000_000L, 1, 1, 1)));
    }

    private static TargetResult target(String name, Target.Role role, String dir, double rps, long p99Micros) {
        TargetResult r = new TargetResult(new Target(name, role, CommandTemplate.parse("x {socket}"),
                dir == null ? null : Path.of("/repo/fixtures", dir), List.of(), name));
        r.measured(new Cell(GET, true, 16), List.of(result(rps, p99Micros)));
        r.startTimes.addAll(List.of(Duration.ofMillis(350), Duration.ofMillis(250), Duration.ofMillis(280)));
        r.idleRssBytes = 50L << 20;
        return r;
    }

    @Test
    void judgesEachGoalWithItsMargin() {
        List<TargetResult> results = List.of(
                target("nginx", Target.Role.CEILING, null, 100_000, 1000),
                target("reference", Target.Role.REFERENCE, null, 60_000, 2500),
                target("node-stdlib", Target.Role.FIXTURE, "node", 20_000, 3000),
                target("python-stdlib", Target.Role.FIXTURE, "python", 15_000, 9000));
        String md = new BenchmarkReport(results, List.of("go fixture: no directory"), SETTINGS, "machine", "cmd",
                "now", Duration.ofMinutes(1)).markdown();

        assertThat(md).contains("| throughput ≥ 0.5 × nginx | GET /echo | 0.60 × nginx | met, 20 % above the goal |");
        assertThat(md).contains("| throughput ahead of every fixture (best: node-stdlib) | GET /echo | 3.00 × node-stdlib | met");
        assertThat(md).contains("| throughput ≥ 5 × Python stdlib | GET /echo | 4.00 × python | **missed** by 20 % (needs 5.00 × python) |");
        assertThat(md).contains("| p99 within 2 × nginx's | GET /echo | 2.50 × nginx's p99 (2.500 vs 1.000 ms) | **missed** by 25 % (limit 2) |");
        assertThat(md).contains("| start to first answer < 300 ms | - | 280 ms (median of 3) | met, 6.7 % under the limit |");
        assertThat(md).contains("| RSS < 64 MiB idle | - | 50 MiB | met, 22 % under the limit |");
        assertThat(md).contains("- go fixture: no directory");
        // The ratios in the cell table: to nginx, and to the best fixture in the cell (node here).
        assertThat(md).contains("| 16 | **reference** | 60000 | 0.60 | 3.00 |");
        assertThat(md).contains("| 16 | python-stdlib | 15000 | 0.15 | 0.75 |");
    }

    @Test
    void judgesIssue15sGoalsOnTheLauncherAgainstNginxAndThePlainJar() {
        TargetResult nginx = target("nginx", Target.Role.CEILING, null, 100_000, 1000);
        TargetResult plain = target("reference", Target.Role.REFERENCE, null, 60_000, 2500);
        TargetResult launcher = target("reference-launcher", Target.Role.EXTRA, null, 50_000, 1100);
        launcher.peakRssBytes = 60L << 20;
        launcher.startTimes.clear();
        launcher.startTimes.addAll(List.of(Duration.ofMillis(140), Duration.ofMillis(130), Duration.ofMillis(160)));
        for (TargetResult r : List.of(nginx, plain, launcher)) {
            double perConnection = r == nginx ? 80_000 : 40_000;
            r.measured(new Cell(GET, false, 16), List.of(result(perConnection, r == nginx ? 500 : 900)));
            r.measured(new Cell(GET, false, 1), List.of(result(perConnection / 4, r == nginx ? 100 : 120)));
            r.measured(new Cell(GET, true, 64), List.of(result(100_000, r == nginx ? 2000 : 3000)));
        }
        String md = new BenchmarkReport(List.of(nginx, plain, launcher), List.of(), SETTINGS, "machine", "cmd", "now",
                Duration.ofMinutes(1)).markdown();

        assertThat(md).contains("### Issue 15's targets for the server as the README starts it (reference-launcher)");
        assertThat(md).contains("| peak RSS (VmHWM) through every load ≤ 64 MiB | - | 60 MiB | met");
        assertThat(md).contains("| every throughput within 10 % of the plain `java -jar` (worst cell: 16 clients, "
                + "keep-alive) | GET /echo | 0.83 × plain jar | **missed**");
        assertThat(md).contains("| start to first answer ≤ 150 ms (stretch: 100) | - | 140 ms (median of 3) | met");
        assertThat(md).contains("| new connection per request, 16 clients: throughput ≥ 0.8 × nginx | GET /echo | 0.50 × nginx "
                + "| **missed** by 38 %");
        assertThat(md).contains("| new connection per request, 1 client: p99 within 1.3 × nginx's | GET /echo | 1.20 × nginx's "
                + "p99 (0.120 vs 0.100 ms) | met");
        assertThat(md).contains("| keep-alive, 64 clients: p99 within 1.2 × nginx's | GET /echo | 1.50 × nginx's p99 "
                + "(3.000 vs 2.000 ms) | **missed** by 25 %");
    }

    @Test
    void judgesRatiosRoundByRoundOnTheMedianOfThePerRoundRatios() {
        Cell crowd = new Cell(GET, true, 64);
        Cell goal = new Cell(GET, true, 16);
        TargetResult nginx = target("nginx", Target.Role.CEILING, null, 100_000, 1000);
        TargetResult plain = target("reference", Target.Role.REFERENCE, null, 60_000, 2500);
        TargetResult launcher = target("reference-launcher", Target.Role.EXTRA, null, 60_000, 2500);
        // nginx's p99 is lucky in the round of its median throughput (the second): judged on that round
        // alone, the launcher's 2 ms would be 4 × nginx's 0.5 ms; round by round it is 0.4, 4 and 0.5.
        nginx.measured(crowd, List.of(result(200_000, 5000), result(210_000, 500), result(220_000, 4000)));
        launcher.measured(crowd, List.of(result(150_000, 2000), result(160_000, 2000), result(170_000, 2000)));
        // The machine's speed drifts within the rounds: the two targets' median-throughput measurements
        // come from different rounds (the plain jar's first, the launcher's third) and make 0.85; round
        // by round the launcher gives 0.80, 0.98 and 1.42 of the plain jar.
        plain.measured(goal, List.of(result(100_000, 300), result(120_000, 300), result(60_000, 300)));
        launcher.measured(goal, List.of(result(80_000, 300), result(118_000, 300), result(85_000, 300)));
        plain.measured(crowd, List.of(result(150_000, 2000), result(160_000, 2000), result(170_000, 2000)));
        String md = new BenchmarkReport(List.of(nginx, plain, launcher), List.of(), SETTINGS, "machine", "cmd", "now",
                Duration.ofMinutes(1)).markdown();

        assertThat(launcher.cell(crowd).latencies().valueAtPercentile(99)
                / (double) nginx.cell(crowd).latencies().valueAtPercentile(99)).as("the reported cells' ratio").isEqualTo(4.0);
        assertThat(md).contains("| keep-alive, 64 clients: p99 within 1.2 × nginx's | GET /echo | 0.50 × nginx's p99 "
                + "(in the median round 2.000 vs 4.000 ms; median of 3 rounds: 0.40, 4.00, 0.50) | met");
        assertThat(launcher.cell(goal).requestsPerSecond() / plain.cell(goal).requestsPerSecond())
                .as("the reported cells' ratio").isEqualTo(0.85);
        assertThat(md).contains("| every throughput within 10 % of the plain `java -jar` (worst cell: 16 clients, keep-alive) "
                + "| GET /echo | 0.98 × plain jar (median of 3 rounds: 0.80, 0.98, 1.42) | met");
    }

    @Test
    void aRatioUsesOnlyTheRoundsBothTargetsWereMeasuredIn() {
        Cell cell = new Cell(GET, true, 16);
        TargetResult a = target("a", Target.Role.EXTRA, null, 1, 1);
        TargetResult b = target("b", Target.Role.EXTRA, null, 1, 1);
        // b failed after its second round: a's third measurement has nothing to be compared with.
        a.measured(cell, List.of(result(90, 1), result(100, 1), result(10, 1)));
        b.measured(cell, List.of(result(100, 1), result(100, 1)));
        PairedRatio r = PairedRatio.of(a, b, cell, LoadResult::requestsPerSecond);
        assertThat(r.perRound()).hasSize(2);
        assertThat(r.median()).as("an even count: the mean of the middle two").isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.mine()).as("no single median round").isNull();
        assertThat(PairedRatio.of(a, b, new Cell(GET, false, 16), LoadResult::requestsPerSecond)).as("a cell not measured").isNull();
    }

    @Test
    void aCellIsDisturbedOnlyWhenOthersTookCpuFromASaturatedMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        long capacity = 3_000_000_000L * cores;
        // Client 1 s + server 1 s of CPU in a 3 s cell.
        assertThat(result(1000, 100, 2_000_000_000L).disturbed(0.15)).as("nobody else").isFalse();
        LoadResult saturated = result(1000, 100, capacity);
        assertThat(saturated.otherCpuShare()).isCloseTo((capacity - 2e9) / capacity, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(saturated.disturbed(0.15)).as("others filled the machine").isEqualTo(saturated.otherCpuShare() > 0.15);
        LoadResult spare = result(1000, 100, (long) (capacity * 0.8));
        assertThat(spare.disturbed(0.15)).as("others used spare capacity only").isFalse();
    }

    @Test
    void withoutTheReferenceServerNoGoalIsJudged() {
        String md = new BenchmarkReport(List.of(target("nginx", Target.Role.CEILING, null, 100_000, 1000)), List.of(),
                SETTINGS, "machine", "cmd", "now", Duration.ofMinutes(1)).markdown();
        assertThat(md).contains("The reference server was not measured").doesNotContain("met,");
    }
}
