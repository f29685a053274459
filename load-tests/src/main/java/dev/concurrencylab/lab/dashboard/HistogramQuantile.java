package dev.concurrencylab.lab.dashboard;

import java.util.Map;
import java.util.SortedMap;

/**
 * A quantile from cumulative histogram buckets, as PromQL's {@code histogram_quantile} computes it
 * (linear within the bucket that holds it). Written here because the dashboard works on the
 * difference of two scrapes, which no Prometheus client library takes as input.
 */
final class HistogramQuantile {

    private HistogramQuantile() {
    }

    /**
     * @param buckets cumulative counts by upper bound over one interval (later scrape minus earlier)
     * @return the quantile in the buckets' unit, or {@code null} when the interval holds no observation
     */
    static Double of(SortedMap<Double, Double> buckets, double quantile) {
        if (buckets.isEmpty()) {
            return null;
        }
        double total = buckets.get(buckets.lastKey());
        if (total <= 0) {
            return null;
        }
        double rank = quantile * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    // beyond the largest finite bound: that bound is the best a histogram can say
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return inBucket <= 0 ? bucket.getKey()
                        : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }
}
