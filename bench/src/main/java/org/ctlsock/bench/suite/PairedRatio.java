package org.ctlsock.bench.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.ctlsock.bench.load.LoadResult;

/**
 * A figure of one target against another's on one cell, taken round by round: in each round both
 * were measured in, their measurements lie seconds apart; the goals are judged on the median of
 * those ratios.
 *
 * <p>Why not the ratio of the two reported measurements (each target's median-throughput round):
 * for a p99 that is the ratio of two single 3 s p99s, possibly from different rounds, and a p99 on
 * this machine moves threefold from one measurement to the next. nginx's at 64 keep-alive clients was
 * 0.47 ms in one run and 2.2 to 6.2 ms in 26 side-by-side measurements of the same session
 * (BENCHMARKS.md, session 22), so one lucky measurement of either target decided the verdict. Pairing
 * by round removes the machine's drift between rounds; within a cell's rounds the two targets'
 * figures hardly move together (session 24), so it is the median over several rounds that steadies
 * the verdict.
 *
 * @param median    the median of the per-round ratios (for an even count, the mean of the middle two)
 * @param perRound  the ratio in each round, first round first
 * @param mine      the first target's measurement in the round whose ratio is the median (odd count), else null
 * @param other     the second target's measurement in that round, else null
 */
record PairedRatio(double median, List<Double> perRound, LoadResult mine, LoadResult other) {

    /**
     * {@code f(mine) / f(other)} in every round in which both have a measurement of the cell and the
     * other's figure is not 0; null if there is no such round.
     */
    static PairedRatio of(TargetResult mine, TargetResult other, Cell cell, ToDoubleFunction<LoadResult> f) {
        List<LoadResult> a = mine.rounds.get(cell);
        List<LoadResult> b = other.rounds.get(cell);
        if (a == null || b == null) {
            return null;
        }
        List<Integer> roundsMeasured = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            double base = f.applyAsDouble(b.get(i));
            if (base != 0) {
                roundsMeasured.add(i);
                ratios.add(f.applyAsDouble(a.get(i)) / base);
            }
        }
        int n = ratios.size();
        if (n == 0) {
            return null;
        }
        List<Integer> byRatio = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        byRatio.sort(Comparator.comparingDouble(ratios::get));
        if (n % 2 == 1) {
            int middle = roundsMeasured.get(byRatio.get(n / 2));
            return new PairedRatio(ratios.get(byRatio.get(n / 2)), ratios, a.get(middle), b.get(middle));
        }
        double median = (ratios.get(byRatio.get(n / 2 - 1)) + ratios.get(byRatio.get(n / 2))) / 2;
        return new PairedRatio(median, ratios, null, null);
    }

    /** "median of 3 rounds: 0.91, 1.02, 0.97", or "" for a single round. */
    String roundsText() {
        if (perRound.size() == 1) {
            return "";
        }
        return "median of " + perRound.size() + " rounds: "
                + String.join(", ", perRound.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }
}
