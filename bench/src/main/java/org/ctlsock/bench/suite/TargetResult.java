package org.ctlsock.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctlsock.bench.load.LoadResult;

/** Everything measured about one target. Filled in as the run goes; a failure stops the filling. */
public final class TargetResult {

    final Target target;
    final List<Duration> startTimes = new ArrayList<>();
    final Map<Cell, LoadResult> cells = new LinkedHashMap<>();
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
}
