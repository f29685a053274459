package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Time series of one run, as the charts plot them: the load generator's seconds and, summed over
 * the variant's replicas, what their actuators reported.
 */
final class RunSeries {

    private static final double MIB = 1024 * 1024;

    private RunSeries() {
    }

    static List<double[]> generator(BenchResults.Run run, ToDoubleFunction<BenchResults.Second> value) {
        return run.seconds().stream().map(second -> new double[] {second.second(), value.applyAsDouble(second)}).toList();
    }

    /** A latency per second, leaving out seconds in which no measured request was answered (not "0 ms"). */
    static List<double[]> latencies(BenchResults.Run run, ToDoubleFunction<BenchResults.Second> value) {
        return generator(run, value).stream().filter(point -> point[1] > 0).toList();
    }

    /**
     * Sum over the run's variant replicas of one reported value, per second (seconds nobody reported
     * are skipped). Where containers were watched too, CPU and memory come from the containers only,
     * so no replica is counted twice.
     */
    static List<double[]> replicas(BenchResults.Run run, Function<BenchResults.ProcessSample, Double> value) {
        return perSecond(run, value, Double::sum);
    }

    /** The largest over the run's variant replicas of one reported value, per second. */
    static List<double[]> worstReplica(BenchResults.Run run, Function<BenchResults.ProcessSample, Double> value) {
        return perSecond(run, value, Math::max);
    }

    private static List<double[]> perSecond(BenchResults.Run run, Function<BenchResults.ProcessSample, Double> value,
            DoubleBinaryOperator combined) {
        boolean containers = run.observed().stream().flatMap(observed -> observed.processes().values().stream())
                .anyMatch(sample -> sample.fromDocker() && run.variant().equals(sample.role()) && value.apply(sample) != null);
        List<double[]> points = new ArrayList<>();
        for (BenchResults.Observed observed : run.observed()) {
            List<Double> values = observed.processes().values().stream()
                    .filter(sample -> run.variant().equals(sample.role()) && sample.fromDocker() == containers)
                    .map(value).filter(Objects::nonNull).toList();
            if (!values.isEmpty()) {
                points.add(new double[] {observed.second(), values.stream().mapToDouble(Double::doubleValue).reduce(combined)
                        .orElseThrow()});
            }
        }
        return points;
    }

    /** The variant's replicas' share of this machine's CPU, in percent. */
    static List<double[]> cpuPercent(BenchResults.Run run) {
        return replicas(run, BenchResults.ProcessSample::cpu).stream().map(point -> new double[] {point[0], point[1] * 100})
                .toList();
    }

    static List<double[]> threads(BenchResults.Run run) {
        return replicas(run, BenchResults.ProcessSample::threads);
    }

    /** Resident memory where known (local processes, containers), else heap in use; MiB. */
    static List<double[]> memoryMiB(BenchResults.Run run) {
        List<double[]> rss = replicas(run, BenchResults.ProcessSample::rssBytes);
        List<double[]> points = rss.isEmpty() ? replicas(run, BenchResults.ProcessSample::heapBytes) : rss;
        return points.stream().map(point -> new double[] {point[0], point[1] / MIB}).toList();
    }

    static boolean memoryIsResident(BenchResults.Run run) {
        return !replicas(run, BenchResults.ProcessSample::rssBytes).isEmpty();
    }

    static List<double[]> machineCpuPercent(BenchResults.Run run) {
        return run.observed().stream().filter(observed -> observed.machineCpu() != null)
                .map(observed -> new double[] {observed.second(), observed.machineCpu() * 100}).toList();
    }

    /** The gateway's hit ratio within each second, in percent (seconds without cached-route traffic skipped). */
    static List<double[]> cacheHitPercent(BenchResults.Run run) {
        List<double[]> points = new ArrayList<>();
        double[] previous = null;
        for (BenchResults.Observed observed : run.observed()) {
            double[] counts = cacheCounts(observed);
            if (counts == null) {
                continue;
            }
            if (previous != null) {
                double hits = counts[0] - previous[0];
                double total = hits + counts[1] - previous[1];
                if (total > 0) {
                    points.add(new double[] {observed.second(), 100 * hits / total});
                }
            }
            previous = counts;
        }
        return points;
    }

    /** This run's share of cached-route answers from cache: the gateway's counters at its first and last second. */
    static Double cacheHitRatio(BenchResults.Run run) {
        List<double[]> counts = run.observed().stream().map(RunSeries::cacheCounts).filter(Objects::nonNull).toList();
        if (counts.size() < 2) {
            return null;
        }
        double hits = counts.getLast()[0] - counts.getFirst()[0];
        double total = hits + counts.getLast()[1] - counts.getFirst()[1];
        return total <= 0 ? null : hits / total;
    }

    static double peak(List<double[]> points) {
        return points.stream().mapToDouble(point -> point[1]).max().orElse(Double.NaN);
    }

    private static double[] cacheCounts(BenchResults.Observed observed) {
        double hits = 0;
        double misses = 0;
        boolean any = false;
        for (BenchResults.ProcessSample sample : observed.processes().values()) {
            if (sample.cacheHits() != null || sample.cacheMisses() != null) {
                any = true;
                hits += sample.cacheHits() == null ? 0 : sample.cacheHits();
                misses += sample.cacheMisses() == null ? 0 : sample.cacheMisses();
            }
        }
        return any ? new double[] {hits, misses} : null;
    }
}
