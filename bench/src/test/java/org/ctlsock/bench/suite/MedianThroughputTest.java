package org.ctlsock.bench.suite;

import java.util.List;
import org.ctlsock.bench.load.LoadResult;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** A cell measured several times is reported by the measurement with the median throughput, whole. */
class MedianThroughputTest {

    @Test
    void keepsTheMiddleMeasurementWithItsOwnLatencies() {
        LoadResult slow = BenchmarkReportTest.result(90_000, 5_000);
        LoadResult middle = BenchmarkReportTest.result(120_000, 700);
        LoadResult fast = BenchmarkReportTest.result(150_000, 300);

        LoadResult median = TargetResult.medianThroughput(List.of(fast, slow, middle));

        assertThat(median).isSameAs(middle);
        assertThat(median.latencies().valueAtPercentile(99)).isEqualTo(middle.latencies().valueAtPercentile(99));
    }

    @Test
    void takesTheLowerMiddleOfAnEvenCountAndTheOnlyOneOfOne() {
        LoadResult a = BenchmarkReportTest.result(100_000, 500);
        LoadResult b = BenchmarkReportTest.result(110_000, 500);

        assertThat(TargetResult.medianThroughput(List.of(b, a))).isSameAs(a);
        assertThat(TargetResult.medianThroughput(List.of(b))).isSameAs(b);
    }
}
