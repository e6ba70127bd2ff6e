package org.ctlsock.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void everyIndexCoversAContiguousRangeThatContainsItsValues() {
        // Walk the boundaries of every bucket: each value maps to the bucket whose range contains it.
        for (int i = 0; i < 14336; i++) {
            long low = LatencyHistogram.lowestValueAt(i);
            long high = LatencyHistogram.highestValueAt(i);
            assertThat(LatencyHistogram.indexOf(low)).as("index of lowest value of bucket %d", i).isEqualTo(i);
            assertThat(LatencyHistogram.indexOf(high)).as("index of highest value of bucket %d", i).isEqualTo(i);
            if (i > 0) {
                assertThat(LatencyHistogram.highestValueAt(i - 1) + 1).as("bucket %d starts after %d", i, i - 1).isEqualTo(low);
            }
        }
        assertThat(LatencyHistogram.highestValueAt(14335)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void bucketWidthStaysWithinHalfAPercentOfTheValue() {
        for (int i = 256; i < 14336; i++) {
            long low = LatencyHistogram.lowestValueAt(i);
            long width = LatencyHistogram.highestValueAt(i) - low + 1;
            assertThat((double) width / low).as("relative width of bucket %d", i).isLessThanOrEqualTo(1.0 / 256);
        }
    }

    @Test
    void percentilesMatchTheExactOnesOfARandomSampleWithinThePrecision() {
        Random random = new Random(42);
        long[] values = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // Log-normal-ish latencies from ~10 us to ~100 ms.
            values[i] = (long) Math.exp(9 + random.nextGaussian() * 1.5);
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {0, 1, 50, 90, 99, 99.9, 99.99, 100}) {
            long exact = values[(int) Math.max(0, Math.ceil(p / 100 * values.length) - 1)];
            long reported = h.valueAtPercentile(p);
            assertThat(reported).as("p%s", p).isGreaterThanOrEqualTo(exact);
            assertThat((double) (reported - exact)).as("p%s error", p).isLessThanOrEqualTo(exact / 256.0 + 1);
        }
        assertThat(h.count()).isEqualTo(values.length);
        assertThat(h.min()).isEqualTo(values[0]);
        assertThat(h.max()).isEqualTo(values[values.length - 1]);
        assertThat(h.mean()).isCloseTo(Arrays.stream(values).average().orElseThrow(), org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertThat(h.valueAtPercentile(50)).isEqualTo(50);
        assertThat(h.valueAtPercentile(99)).isEqualTo(99);
        assertThat(h.valueAtPercentile(100)).isEqualTo(100);
    }

    @Test
    void mergingEqualsRecordingIntoOne() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        LatencyHistogram both = new LatencyHistogram();
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextInt(5_000_000);
            (i % 3 == 0 ? a : b).record(v);
            both.record(v);
        }
        a.add(b);
        assertThat(a.count()).isEqualTo(both.count());
        for (double p : new double[] {50, 99, 99.9}) {
            assertThat(a.valueAtPercentile(p)).isEqualTo(both.valueAtPercentile(p));
        }
        assertThat(a.max()).isEqualTo(both.max());
        assertThat(a.min()).isEqualTo(both.min());
    }

    @Test
    void emptyAndResetHistogramsReportZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.valueAtPercentile(99)).isZero();
        h.record(1234);
        h.record(-5); // a clock step backwards counts as 0, never as a huge value
        assertThat(h.min()).isZero();
        h.reset();
        assertThat(h.count()).isZero();
        assertThat(h.max()).isZero();
        assertThat(h.valueAtPercentile(50)).isZero();
    }
}
