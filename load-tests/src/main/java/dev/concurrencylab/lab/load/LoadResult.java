package dev.concurrencylab.lab.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one run measured.
 *
 * @param elapsed the measured window (shorter if stopped early)
 * @param completed requests meant to start within the window, answered (any status), also after it
 * @param answeredInWindow answers that arrived within the window, whenever their request started:
 *     the steady-state throughput
 * @param corrected latencies from the intended send time (open model) or the send (closed model)
 * @param uncorrected latencies from the moment each request was actually written
 * @param errors failures by kind: {@code status-5xx}, {@code status-4xx}, {@code timeout}, {@code connect}, {@code io}
 * @param late requests sent more than a millisecond after their intended time (open model; 0 in the closed model)
 * @param dropped requests never sent because too many were already waiting (open model)
 * @param perSecond one entry per second of the run: throughput and latency percentiles
 * @param endpoints corrected latencies by endpoint ({@link Endpoints#template}), so that one endpoint
 *     made slow by another's requests shows
 */
public record LoadResult(Duration elapsed, long completed, long answeredInWindow, Histogram corrected, Histogram uncorrected,
        Map<String, Long> errors, long late, long dropped, List<Second> perSecond, Map<String, Histogram> endpoints) {

    /**
     * One second of the measured window.
     *
     * @param completed answers that arrived in this second
     * @param failed requests that failed in this second (error status, timeout, refused, reset)
     * @param p50Millis latency percentiles of the measured requests answered in this second
     */
    public record Second(int second, long completed, long failed, double p50Millis, double p90Millis, double p99Millis,
            double p999Millis, double maxMillis) {
    }

    public double throughput() {
        return elapsed.isZero() ? 0 : answeredInWindow / (elapsed.toNanos() / 1e9);
    }

    public static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
