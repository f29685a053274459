package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.concurrencylab.lab.scenario.Scenario;

/**
 * One variant's run of an anti-pattern beside its run done right ({@code <scenario>-done-right},
 * same variant, replicas and cache), and what the lesson predicts: for webflux blocking its event
 * loops, at most {@code loops ÷ (share of requests that block × wait)} requests per second.
 *
 * @param wrong the anti-pattern's run
 * @param right the same load done right
 * @param eventLoops the variant's event loops (summed over replicas, as they reported them in either
 *     run); {@code null} where unknown or not an event-loop variant
 */
record AntiPatternComparison(BenchResults.Run wrong, BenchResults.Run right, Integer eventLoops) {

    /** Endpoint templates the anti-pattern's requests do not go to: what blocking on a loop slows as a side effect. */
    private static final String WORK = "/work";

    static List<AntiPatternComparison> of(List<BenchResults.Run> runs) {
        List<AntiPatternComparison> pairs = new ArrayList<>();
        for (BenchResults.Run right : runs) {
            if (!right.scenario().endsWith(Scenario.DONE_RIGHT)) {
                continue;
            }
            String name = right.scenario().substring(0, right.scenario().length() - Scenario.DONE_RIGHT.length());
            runs.stream().filter(wrong -> wrong.scenario().equals(name) && wrong.variant().equals(right.variant())
                    && Objects.equals(wrong.replicas(), right.replicas())
                    && Objects.equals(wrong.cache(), right.cache()))
                    .findFirst().ifPresent(wrong -> pairs.add(new AntiPatternComparison(wrong, right, eventLoops(wrong, right))));
        }
        return pairs;
    }

    /**
     * The replicas' loops, from whichever of the two runs saw more of them (same replicas, same
     * settings): a blocked replica's actuator shares its event loops and may answer no scrape at all.
     */
    private static Integer eventLoops(BenchResults.Run wrong, BenchResults.Run right) {
        Integer inWrong = eventLoops(wrong);
        Integer inRight = eventLoops(right);
        return inWrong == null ? inRight : inRight == null ? inWrong : Integer.valueOf(Math.max(inWrong, inRight));
    }

    /** Each replica's loops as it reported them in any second, summed. */
    private static Integer eventLoops(BenchResults.Run run) {
        Map<String, Double> loopsByReplica = new HashMap<>();
        for (BenchResults.Observed second : run.observed()) {
            second.processes().forEach((name, sample) -> {
                if (run.variant().equals(sample.role()) && sample.eventLoops() != null) {
                    loopsByReplica.merge(name, sample.eventLoops(), Math::max);
                }
            });
        }
        double loops = loopsByReplica.values().stream().mapToDouble(Double::doubleValue).sum();
        return loops <= 0 ? null : (int) Math.round(loops);
    }

    /** Whether this is webflux waiting with a blocking call on its event loops. */
    boolean blocksEventLoops() {
        return "webflux".equals(wrong.variant()) && "block".equals(wrong.workload().ioMode());
    }

    /** {@code loops ÷ (share of requests blocking × wait)}: what blocked event loops can serve at most. */
    Optional<Double> eventLoopCeiling() {
        double blocking = wrong.workload().workShare() * wrong.workload().ioMillis() / 1000;
        return blocksEventLoops() && eventLoops != null && blocking > 0 ? Optional.of(eventLoops / blocking) : Optional.empty();
    }

    double throughputRatio() {
        return right.summary().throughput() == 0 ? 0 : wrong.summary().throughput() / right.summary().throughput();
    }

    /** Whether the twin done right burnt its CPU elsewhere (on worker threads) than the anti-pattern (the request's thread). */
    boolean cpuMoved() {
        return wrong.workload().cpuOn() != null && !wrong.workload().cpuOn().equals(right.workload().cpuOn());
    }

    /** Whether the anti-pattern is a pool to downstream smaller than the one done right. */
    boolean poolTooSmall() {
        Integer wrongPool = wrong.workload().downstreamPool();
        return wrongPool != null && !wrongPool.equals(right.workload().downstreamPool());
    }

    /** {@code replicas × pool ÷ (calls per request × wait)}: what the pools to downstream can serve at most. */
    Optional<Double> poolCeiling() {
        double held = callsPerRequest() * wrong.workload().ioMillis() / 1000;
        return poolTooSmall() && wrong.replicas() != null && held > 0
                ? Optional.of(wrong.replicas() * wrong.workload().downstreamPool() / held) : Optional.empty();
    }

    /** Throughput without the failed answers: a 503 after waiting for a connection used none. */
    private double successfulThroughput() {
        BenchResults.Summary summary = wrong.summary();
        return summary.requests() == 0 ? 0 : summary.throughput() * (summary.requests() - summary.errorCount()) / summary.requests();
    }

    /**
     * Calls to downstream per request: work waiting with {@code io-mode=downstream}, and every product
     * or recommendation page (taken as a cache miss: the anti-pattern scenarios name unique keys).
     */
    private double callsPerRequest() {
        BenchResults.Workload workload = wrong.workload();
        return ("downstream".equals(workload.ioMode()) ? workload.workShare() : 0) + (1 - workload.workShare());
    }

    /** p99 of the endpoints other than {@code /work}, wrong and right: the requests that did nothing wrong. */
    Optional<double[]> bystandersP99() {
        Optional<BenchResults.EndpointLatency> wrongSide = bystander(wrong);
        Optional<BenchResults.EndpointLatency> rightSide = bystander(right);
        return wrongSide.isPresent() && rightSide.isPresent()
                ? Optional.of(new double[] {wrongSide.get().p99(), rightSide.get().p99()}) : Optional.empty();
    }

    /** The busiest endpoint besides work (the product pages in the standard scenario). */
    private static Optional<BenchResults.EndpointLatency> bystander(BenchResults.Run run) {
        return run.summary().endpointsOrEmpty().entrySet().stream()
                .filter(entry -> !entry.getKey().endsWith(WORK))
                .max(Map.Entry.comparingByValue((a, b) -> Long.compare(a.requests(), b.requests())))
                .map(Map.Entry::getValue);
    }

    private static Optional<Double> worstLagMillis(BenchResults.Run run) {
        double worst = RunSeries.peak(RunSeries.worstReplica(run, BenchResults.ProcessSample::eventLoopLagMillis));
        return Double.isNaN(worst) ? Optional.empty() : Optional.of(worst);
    }

    /** The lesson in numbers, one paragraph. */
    String explain() {
        StringBuilder text = new StringBuilder("%s: %s req/s against %s req/s done right (%s)".formatted(wrong.variant(),
                RunVerdict.number(wrong.summary().throughput()), RunVerdict.number(right.summary().throughput()),
                RunVerdict.percent(throughputRatio())));
        Optional<Double> ceiling = eventLoopCeiling();
        if (ceiling.isPresent()) {
            text.append(". %d event loops, %s of requests blocking one for %.0f ms: at most %d ÷ (%.2f × %.3f s) = %s req/s; "
                    .formatted(eventLoops, RunVerdict.percent(wrong.workload().workShare()), wrong.workload().ioMillis(),
                            eventLoops, wrong.workload().workShare(), wrong.workload().ioMillis() / 1000,
                            RunVerdict.number(ceiling.get())))
                    .append("measured %s of it".formatted(RunVerdict.percent(wrong.summary().throughput() / ceiling.get())));
        } else if (poolCeiling().isPresent()) {
            BenchResults.Workload workload = wrong.workload();
            text.append(". %d replicas × a pool of %d connections, %.2f calls per request holding one for %.0f ms: at most "
                    .formatted(wrong.replicas(), workload.downstreamPool(), callsPerRequest(), workload.ioMillis()))
                    .append("%s req/s; %s req/s were answered without an error, %s of it".formatted(
                            RunVerdict.number(poolCeiling().get()), RunVerdict.number(successfulThroughput()),
                            RunVerdict.percent(successfulThroughput() / poolCeiling().get())));
            long unavailable = wrong.summary().errors().getOrDefault("status-5xx", 0L);
            text.append(". %d answered 5xx (503 downstream-pool-exhausted: no pooled connection within the 5 s the "
                    .formatted(unavailable)).append("services wait for one), against %d done right"
                    .formatted(right.summary().errors().getOrDefault("status-5xx", 0L)));
        } else if (blocksEventLoops()) {
            text.append(" (the replicas did not report their event loops, so loops ÷ wait is not computed)");
        } else if (cpuMoved()) {
            text.append(switch (wrong.variant()) {
                case "webflux" -> ": the CPU ran on the event loops, which served no other connection meanwhile";
                case "virtual" -> ": the CPU ran on virtual threads, each holding its carrier (one per core) until it was done";
                case "mvc" -> ": the CPU ran on platform threads, which the OS time-slices with the others";
                default -> "";
            });
        } else if ("block".equals(wrong.workload().ioMode())) {
            text.append(": blocking a thread is how this model waits, so io-mode block and sleep run the same code here");
        }
        worstLagMillis(wrong).ifPresent(lag -> text.append(". Worst event-loop lag %.0f ms against %.0f ms done right"
                .formatted(lag, worstLagMillis(right).orElse(0.0))));
        bystandersP99().ifPresent(p99 -> text.append(". Requests that block nothing: p99 %.1f ms against %.1f ms done right"
                .formatted(p99[0], p99[1])));
        return text.append('.').toString();
    }
}
