package dev.concurrencylab.lab.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one run's numbers mean, computed from the run alone: the throughput the offered load allows
 * ({@code users ÷ latency}, or the arrival rate), the bound of MVC's thread pool
 * ({@code threads ÷ latency}), how close the run came, whether the machine's CPU was saturated
 * (then the box, not the model, was the limit), and how much the gateway's cache answered.
 * Latency here is the scenario's nominal per-request cost (I/O wait + CPU), not the measured one.
 *
 * @param ideal requests per second the offered load asks for, if it can be computed
 * @param threadBound mvc only: platform threads ÷ latency, capped by the offered load
 * @param machineCpu average busy share of this machine's CPU during the run
 * @param cacheHitRatio share of the gateway's cached-route answers served from cache
 */
public record RunVerdict(BenchResults.Run run, Double ideal, Double threadBound, Double machineCpu, Double cacheHitRatio) {

    /** Above this average busy share, the report blames the machine, not the model. */
    public static final double MACHINE_LIMIT = 0.85;
    /** Corrected over uncorrected p99 above which waiting to be sent counts as falling behind. */
    public static final double QUEUED_TAIL = 1.1;

    public static RunVerdict of(BenchResults.Run run) {
        BenchResults.Workload workload = run.workload();
        double latencyMillis = workload.ioMillis() + workload.cpuMillis();
        Double ideal = "open".equals(workload.model()) ? workload.rate()
                : latencyMillis + workload.thinkMillis() > 0 ? workload.users() * 1000 / (latencyMillis + workload.thinkMillis())
                : null;
        Double threadBound = run.threadPool() != null && latencyMillis > 0
                ? Math.min(ideal == null ? Double.MAX_VALUE : ideal, run.threadPool() * 1000 / latencyMillis) : null;
        return new RunVerdict(run, ideal, threadBound, averageMachineCpu(run.observed()), RunSeries.cacheHitRatio(run));
    }

    public Double shareOfIdeal() {
        return ideal == null || ideal == 0 ? null : run.summary().throughput() / ideal;
    }

    public Double shareOfThreadBound() {
        return threadBound == null || threadBound == 0 ? null : run.summary().throughput() / threadBound;
    }

    /**
     * Open model: whether the server could not keep up with the arrival rate: sends were dropped,
     * or waiting to be sent added visibly to the tail (p99 from the intended start more than 10%
     * above p99 from the actual send). A few sends a millisecond late are the sender's own jitter.
     */
    public boolean fellBehind() {
        BenchResults.Summary summary = run.summary();
        return summary.dropped() > 0 || summary.late() > 0 && summary.p99() > QUEUED_TAIL * summary.uncorrectedP99() + 1;
    }

    /** A median wait for a thread this share of the request's own time or more is worth saying. */
    private static final double THREAD_WAIT_SHOWN = 0.1;

    /** Whether MVC's thread pool, not the offered load, sets the bound. */
    public boolean threadsBind() {
        return threadBound != null && (ideal == null || threadBound < ideal);
    }

    public boolean machineLimited() {
        return machineCpu != null && machineCpu >= MACHINE_LIMIT;
    }

    /** One or two sentences a reader can check against the charts. */
    public String explanation() {
        BenchResults.Workload workload = run.workload();
        double latencyMillis = workload.ioMillis() + workload.cpuMillis();
        StringBuilder text = new StringBuilder("%s: %s req/s".formatted(run.variant(), number(run.summary().throughput())));
        if (threadsBind()) {
            text.append(" — %s of its thread bound (%d threads ÷ %s = %s req/s)".formatted(percent(shareOfThreadBound()),
                    run.threadPool(), millis(latencyMillis), number(threadBound)));
            if (ideal != null) {
                text.append(" and %s of %s".formatted(percent(shareOfIdeal()), idealText(latencyMillis)));
            }
        } else if (ideal != null) {
            text.append(" — %s of %s".formatted(percent(shareOfIdeal()), idealText(latencyMillis)));
        }
        text.append('.');
        double waitedForThread = run.summary().p50() - latencyMillis;
        if (threadsBind() && waitedForThread > THREAD_WAIT_SHOWN * latencyMillis) {
            // thread-pool exhaustion: the requests beyond the threads wait in Tomcat's queue, in the latency
            text.append(" All %d threads were busy: a request waited about %s for one, then its own %s (medians)."
                    .formatted(run.threadPool(), millis(waitedForThread), millis(latencyMillis)));
        }
        if (run.stopped()) {
            text.append(" Stopped early (Ctrl-C): a shorter window than planned.");
        }
        long errors = run.summary().errorCount();
        if (errors > 0) {
            text.append(" %d errors %s.".formatted(errors, run.summary().errors()));
        }
        if (fellBehind()) {
            text.append(" %d sends late, %d dropped: the server fell behind the arrival rate.".formatted(run.summary().late(),
                    run.summary().dropped()));
        }
        if (cacheHitRatio != null) {
            text.append(" %s answered from the gateway's cache.".formatted(percent(cacheHitRatio)));
        }
        if (machineLimited()) {
            text.append(" This machine's CPU was %s busy on average: the box, not the model, was the limit."
                    .formatted(percent(machineCpu)));
        }
        return text.toString();
    }

    private String idealText(double latencyMillis) {
        BenchResults.Workload workload = run.workload();
        if ("open".equals(workload.model())) {
            return "the offered %s req/s".formatted(number(ideal));
        }
        String think = workload.thinkMillis() > 0 ? " + %s think".formatted(millis(workload.thinkMillis())) : "";
        return "users ÷ latency (%d ÷ %s%s = %s req/s)".formatted(workload.users(), millis(latencyMillis), think, number(ideal));
    }

    private static Double averageMachineCpu(List<BenchResults.Observed> observed) {
        OptionalDouble average = observed.stream().map(BenchResults.Observed::machineCpu).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).average();
        return average.isPresent() ? average.getAsDouble() : null;
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String percent(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String millis(double value) {
        return value >= 1000 && value % 1000 == 0 ? String.format(Locale.ROOT, "%.0f s", value / 1000)
                : String.format(Locale.ROOT, "%.0f ms", value);
    }
}
