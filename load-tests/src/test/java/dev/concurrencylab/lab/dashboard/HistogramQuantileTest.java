package dev.concurrencylab.lab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Quantiles from one interval's cumulative buckets, as PromQL's histogram_quantile gives them. */
class HistogramQuantileTest {

    private static TreeMap<Double, Double> buckets(double... boundsAndCounts) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (int i = 0; i < boundsAndCounts.length; i += 2) {
            buckets.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
        }
        return buckets;
    }

    @Test
    void aQuantileIsInterpolatedWithinItsBucket() {
        // 100 observations: 50 up to 10 ms, 40 more up to 20 ms, the last 10 up to 40 ms
        TreeMap<Double, Double> buckets = buckets(0.010, 50, 0.020, 90, 0.040, 100, Double.POSITIVE_INFINITY, 100);

        assertThat(HistogramQuantile.of(buckets, 0.50)).isCloseTo(0.010, within(1e-9));
        assertThat(HistogramQuantile.of(buckets, 0.70)).isCloseTo(0.015, within(1e-9));
        assertThat(HistogramQuantile.of(buckets, 0.99)).isCloseTo(0.038, within(1e-9));
    }

    @Test
    void beyondTheLargestFiniteBoundItIsThatBound() {
        TreeMap<Double, Double> buckets = buckets(0.010, 5, 0.020, 5, Double.POSITIVE_INFINITY, 10);

        assertThat(HistogramQuantile.of(buckets, 0.99)).isEqualTo(0.020);
    }

    @Test
    void anIntervalWithoutObservationsHasNoQuantile() {
        assertThat(HistogramQuantile.of(buckets(0.010, 0, Double.POSITIVE_INFINITY, 0), 0.99)).isNull();
        assertThat(HistogramQuantile.of(new TreeMap<>(), 0.5)).isNull();
    }
}
