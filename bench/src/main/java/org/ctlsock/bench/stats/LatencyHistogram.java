package org.ctlsock.bench.stats;

/**
 * A log-linear histogram of non-negative {@code long} values (latencies in nanoseconds), in the spirit
 * of HdrHistogram: each power of two is split into {@value #SUB_BUCKETS} equal sub-buckets, so any
 * recorded value is known to within 1/{@value #SUB_BUCKETS} (0.4 %) of itself, over the whole range
 * of {@code long}, in a fixed array of counters.
 *
 * <p>Recording is one array increment and no allocation, which matters because every client thread
 * records every request. Not thread-safe: each client records into its own histogram and the load
 * run {@linkplain #add merges} them at the end.
 */
public final class LatencyHistogram {

    /** log2 of the number of sub-buckets per power of two: 2^8 = 256, a relative error under 0.4 %. */
    static final int SUB_BUCKET_BITS = 8;
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

    /**
     * Values below {@code SUB_BUCKETS} have their own exact counter; above, each octave has
     * {@code SUB_BUCKETS} counters. Bit 62 is the highest a non-negative long can set, which needs
     * {@code 63 - SUB_BUCKET_BITS} octaves on top of the exact range.
     */
    private static final int COUNTER_COUNT = SUB_BUCKETS * (64 - SUB_BUCKET_BITS);

    private final long[] counts = new long[COUNTER_COUNT];
    private long totalCount;
    private long min = Long.MAX_VALUE;
    private long max;
    private double sum;

    /** Records one value; negative values (a clock going backwards) count as 0. */
    public void record(long value) {
        long v = Math.max(0, value);
        counts[indexOf(v)]++;
        totalCount++;
        sum += v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    /** Adds all of {@code other}'s values to this histogram. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < COUNTER_COUNT; i++) {
            counts[i] += other.counts[i];
        }
        totalCount += other.totalCount;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** Forgets everything recorded so far (used when a warm-up ends). */
    public void reset() {
        java.util.Arrays.fill(counts, 0);
        totalCount = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = 0;
    }

    public long count() {
        return totalCount;
    }

    /** The smallest recorded value (exact), or 0 when empty. */
    public long min() {
        return totalCount == 0 ? 0 : min;
    }

    /** The largest recorded value (exact), or 0 when empty. */
    public long max() {
        return max;
    }

    /** The exact arithmetic mean, or 0 when empty. */
    public double mean() {
        return totalCount == 0 ? 0 : sum / totalCount;
    }

    /**
     * The value at {@code percentile} (0 to 100): the smallest bucket bound below which at least that
     * share of the values lie, reported as the bucket's highest value (never above the exact max), so
     * a percentile is never understated. Returns 0 when empty.
     */
    public long valueAtPercentile(double percentile) {
        if (totalCount == 0) {
            return 0;
        }
        double p = Math.min(100.0, Math.max(0.0, percentile));
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * totalCount));
        long seen = 0;
        for (int i = 0; i < COUNTER_COUNT; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.max(min(), Math.min(max, highestValueAt(i)));
            }
        }
        return max;
    }

    /** The counter index for a non-negative value. */
    static int indexOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int highestBit = 63 - Long.numberOfLeadingZeros(value);
        int shift = highestBit - SUB_BUCKET_BITS;
        // The top SUB_BUCKET_BITS bits after the leading one select the sub-bucket within the octave.
        int subBucket = (int) (value >>> shift) - SUB_BUCKETS;
        return ((shift + 1) << SUB_BUCKET_BITS) + subBucket;
    }

    /** The lowest value that maps to counter {@code index}. */
    static long lowestValueAt(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = (index >>> SUB_BUCKET_BITS) - 1;
        long subBucket = index & (SUB_BUCKETS - 1);
        return (SUB_BUCKETS + subBucket) << shift;
    }

    /** The highest value that maps to counter {@code index}. */
    static long highestValueAt(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = (index >>> SUB_BUCKET_BITS) - 1;
        return lowestValueAt(index) + (1L << shift) - 1;
    }
}
