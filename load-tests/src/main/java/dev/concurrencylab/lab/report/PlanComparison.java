package dev.concurrencylab.lab.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run that {@code ./lab plan --verify} predicted, predicted against measured.
 *
 * @param run the run, its prediction included
 * @param hitRatio measured share of all requests the gateway's cache answered, {@code null} where it was not watched
 * @param cpuPerReplica measured cores each replica was busy, {@code null} where it was not watched
 */
public record PlanComparison(BenchResults.Run run, Double hitRatio, Double cpuPerReplica) {

    /** The runs of these results that carry a prediction. */
    public static List<PlanComparison> of(BenchResults results) {
        return results.runs().stream().filter(run -> run.predicted() != null)
                .map(run -> of(run, results.machine().cores())).toList();
    }

    static PlanComparison of(BenchResults.Run run, int machineCores) {
        Double cachedRoutes = RunSeries.cacheHitRatio(run);
        Map<String, Integer> mix = run.workload().mix();
        double total = mix.values().stream().mapToInt(Integer::intValue).sum();
        Double hit = cachedRoutes == null ? null : cachedRoutes * mix.getOrDefault("products", 0) / total;
        List<double[]> cpu = RunSeries.cpuPercent(run);
        Double perReplica = cpu.isEmpty() || run.replicas() == null || run.replicas() == 0 ? null
                : cpu.stream().mapToDouble(point -> point[1]).average().orElseThrow() / 100 * machineCores / run.replicas();
        return new PlanComparison(run, hit, perReplica);
    }

    public BenchResults.Predicted predicted() {
        return run.predicted();
    }

    /** How far the prediction was from the measurement, relative to the measurement: {@code |p − m| ÷ m}. */
    public double throughputError() {
        return error(predicted().throughput(), run.summary().throughput());
    }

    public double p99Error() {
        return error(predicted().p99Millis(), run.summary().p99());
    }

    /** The one line a verification ends with: the worst errors over these runs. */
    public static String summaryLine(List<PlanComparison> comparisons) {
        double throughput = comparisons.stream().mapToDouble(PlanComparison::throughputError).max().orElse(0);
        double p99 = comparisons.stream().mapToDouble(PlanComparison::p99Error).max().orElse(0);
        return String.format(Locale.ROOT, "plan error: worst %.0f%% (throughput), %.0f%% (p99)", throughput * 100, p99 * 100);
    }

    private static double error(double predicted, double measured) {
        return measured == 0 ? (predicted == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(predicted - measured) / measured;
    }
}
