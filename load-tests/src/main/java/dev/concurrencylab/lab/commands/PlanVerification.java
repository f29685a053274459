package dev.concurrencylab.lab.commands;

import java.io.PrintStream;
import java.util.function.Consumer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.concurrencylab.lab.bench.LiveRun;
import dev.concurrencylab.lab.bench.LocalTarget;
import dev.concurrencylab.lab.bench.MatrixCell;
import dev.concurrencylab.lab.plan.Planner;
import dev.concurrencylab.lab.plan.Prediction;
import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.PlanComparison;
import dev.concurrencylab.lab.scenario.Scenario;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.Topology;
import dev.concurrencylab.launcher.Service;

/**
 * {@code ./lab plan --verify}: scales the local lab to each predicted size, benches the workload the
 * plan predicted, and prints predicted against measured, ending with the one line of the worst errors.
 * The lab's replica counts are put back afterwards.
 */
final class PlanVerification {

    /** The most replicas of one variant a verification starts: each is a JVM on this machine. */
    static final int MAX_REPLICAS = 8;

    private final Topology topology;
    private final PrintStream out;
    private final Consumer<LiveRun> live;

    /** @param live where each second of a measured run goes for the live page */
    PlanVerification(Topology topology, PrintStream out, Consumer<LiveRun> live) {
        this.topology = topology;
        this.out = out;
        this.live = live;
    }

    /**
     * @param before the lab as it runs now, put back afterwards
     * @return the comparisons, one per run
     */
    List<PlanComparison> verify(LabState before, Scenario scenario, List<Planner.Answer> answers, Duration pause,
            Duration warmAll, Path reports) {
        Map<String, BenchResults.Predicted> predicted = new LinkedHashMap<>();
        List<MatrixCell> cells = new ArrayList<>();
        for (Planner.Answer answer : answers) {
            Prediction p = answer.prediction();
            String which = p.variant() + ", cache " + (p.cache() ? "on" : "off");
            if (answer.unreachable() != null) {
                out.printf("Not verified: %s: not reachable (%s).%n", which, answer.unreachable());
            } else if (p.replicas() > MAX_REPLICAS) {
                out.printf("Not verified: %s needs %d replicas; this lab starts at most %d of a variant for a verification.%n",
                        which, p.replicas(), MAX_REPLICAS);
            } else {
                cells.add(new MatrixCell(scenario, p.variant(), p.replicas(), p.cache()));
                predicted.put(key(p.variant(), p.cache() ? "on" : "off"), new BenchResults.Predicted(p.replicas(), p.throughput(),
                        p.p50Millis(), p.p99Millis(), p.hitRatio(), p.cpuPerReplica(), p.bound().resource()));
            }
        }
        if (cells.isEmpty()) {
            throw new LabException("nothing to verify: no prediction is reachable within " + MAX_REPLICAS + " replicas");
        }
        List<PlanComparison> comparisons;
        try {
            BenchExecution.Outcome outcome = new BenchExecution(out, live).run(new LocalTarget(topology), cells, pause, warmAll, reports,
                    results -> new BenchResults(results.schema(), results.startedAt(), results.target(), results.machine(),
                            results.runs().stream().map(run -> run.withPrediction(predicted.get(key(run.variant(), run.cache()))))
                                    .toList(), results.stoppedBecause()));
            comparisons = PlanComparison.of(outcome.results());
        } finally {
            restore(before);
        }
        print(comparisons);
        return comparisons;
    }

    private void print(List<PlanComparison> comparisons) {
        out.println();
        out.println("Plan against measurement (error = |predicted − measured| ÷ measured):");
        out.println("| variant | cache | replicas | throughput/s predicted | measured | error | p50 ms predicted | measured "
                + "| p99 ms predicted | measured | error | hit ratio predicted | measured | CPU per replica predicted | measured |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (PlanComparison c : comparisons) {
            BenchResults.Predicted p = c.predicted();
            BenchResults.Summary m = c.run().summary();
            out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %s | %.1f | %.1f | %.1f | %.1f | %s | %s | %s | %.2f | %s |%n",
                    c.run().variant(), c.run().cache(), p.replicas(), p.throughput(), m.throughput(), percent(c.throughputError()),
                    p.p50Millis(), m.p50(), p.p99Millis(), m.p99(), percent(c.p99Error()), percent(p.hitRatio()),
                    c.hitRatio() == null ? "–" : percent(c.hitRatio()), p.cpuPerReplica(),
                    c.cpuPerReplica() == null ? "–" : String.format(Locale.ROOT, "%.2f", c.cpuPerReplica()));
        }
        out.println(PlanComparison.summaryLine(comparisons));
    }

    private void restore(LabState before) {
        Map<Service, Integer> counts = new LinkedHashMap<>();
        for (Service variant : Service.variants()) {
            counts.put(variant, before.replicasOf(variant).size());
        }
        topology.current().ifPresent(now -> {
            if (Service.variants().stream().anyMatch(variant -> now.replicasOf(variant).size() != counts.get(variant))) {
                out.println("Putting the lab's replicas back as they were ...");
                topology.scale(counts);
            }
            if (now.cacheOn() != before.cacheOn()) {
                topology.gatewayCache(before.cacheOn());
            }
        });
    }

    private static String key(String variant, String cache) {
        return variant + "/" + cache;
    }

    private static String percent(double share) {
        return Double.isInfinite(share) ? "∞" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
