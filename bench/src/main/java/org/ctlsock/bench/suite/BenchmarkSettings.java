package org.ctlsock.bench.suite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ctlsock.bench.load.Engine;

/**
 * How long and how wide the benchmark runs.
 *
 * @param warmup load before each measurement, discarded
 * @param duration each measurement
 * @param repeats how many rounds of measurements of each cell, every target measured once a round;
 *     the one with the median throughput is reported (a busy virtual machine's speed drifts for seconds at a time)
 * @param clients the concurrencies
 * @param keepAliveModes true for keep-alive, false for a connection per request
 * @param scenarios the requests
 * @param starts how many times each target is started for the start-up median
 * @param engine how the load generator drives its clients
 * @param noisyThreshold the share of the machine other processes may use during a cell before the
 *     cell counts as disturbed (0 to 1)
 * @param noisyRetries how many times a disturbed cell is measured again (the least disturbed
 *     measurement is kept)
 * @param quietWait how long to wait, before each target, for the machine to be quiet
 */
public record BenchmarkSettings(Duration warmup, Duration duration, int repeats, List<Integer> clients,
        List<Boolean> keepAliveModes, List<Scenario> scenarios, int starts, Engine engine,
        double noisyThreshold, int noisyRetries, Duration quietWait) {

    /** How long a server sits idle after its first answer before its idle RSS is read. */
    static final Duration IDLE_SETTLE = Duration.ofSeconds(1);

    /** How long a server may take to answer for the first time. */
    static final Duration START_DEADLINE = Duration.ofSeconds(60);

    /** Every cell, scenarios outermost and concurrency innermost: the report's table order. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (Scenario s : scenarios) {
            for (boolean keepAlive : keepAliveModes) {
                for (int c : clients) {
                    cells.add(new Cell(s, keepAlive, c));
                }
            }
        }
        return cells;
    }
}
