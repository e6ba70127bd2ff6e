package org.ctlsock.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctlsock.bench.load.LoadResult;

/** Everything measured about one target. Filled in as the run goes; a failure stops the filling. */
public final class TargetResult {

    final Target target;
    final List<Duration> startTimes = new ArrayList<>();
    /** Per cell, the measurement with the median throughput: the one the tables show. */
    final Map<Cell, LoadResult> cells = new LinkedHashMap<>();
    /**
     * Per cell, every measurement in the order of the rounds: element i was made in round i, seconds
     * from every other target's element i (a target that fails measures nothing more, so its list is a
     * prefix of the rounds). The goals compare targets round by round on these.
     */
    final Map<Cell, List<LoadResult>> rounds = new LinkedHashMap<>();
    final Map<String, String> answers = new LinkedHashMap<>();
    List<Long> pids = List.of();
    long idleRssBytes;
    long maxLoadRssBytes;
    long peakRssBytes;
    String failure;

    TargetResult(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }

    /** The median start-up time, or null if it never started. */
    public Duration medianStart() {
        if (startTimes.isEmpty()) {
            return null;
        }
        List<Duration> sorted = startTimes.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    public LoadResult cell(Cell cell) {
        return cells.get(cell);
    }

    /** Records a cell's measurements, one per round, first round first. */
    void measured(Cell cell, List<LoadResult> byRound) {
        rounds.put(cell, List.copyOf(byRound));
        cells.put(cell, medianThroughput(byRound));
    }

    /**
     * The measurement with the median throughput, reported whole (its latencies, CPU and errors go
     * with it): for an even count, the lower of the two middle ones.
     */
    static LoadResult medianThroughput(List<LoadResult> measurements) {
        List<LoadResult> sorted = new ArrayList<>(measurements);
        sorted.sort(Comparator.comparingDouble(LoadResult::requestsPerSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }
}
