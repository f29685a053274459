package dev.concurrencylab.lab.plan;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.concurrencylab.lab.Quantities;

/** Prints a plan: the workload, the costs it assumed, one row per variant and cache setting, and why. */
public final class PlanReport {

    private final PrintStream out;

    public PlanReport(PrintStream out) {
        this.out = out;
    }

    public void print(PlanWorkload workload, Costs costs, double replicaCpus, Duration targetP99, List<Planner.Answer> answers,
            CapacityModel model) {
        out.printf("Plan for %s; each request: io %s%s, cpu %s, %s; %s cacheable%s (nothing started)%n", load(workload),
                Quantities.format(workload.io()), switch (workload.ioMode()) {
                    case SLEEP -> "";
                    case BLOCK -> " (blocking the thread)";
                    case DOWNSTREAM -> " (downstream call)";
                },
                Quantities.format(workload.cpu()), "payload " + workload.bytes() + " B", percent(workload.cacheable()),
                workload.cacheable() > 0 ? " (%s, %d keys, fresh %s)".formatted(keys(workload), workload.keySpace(),
                        Quantities.format(workload.freshness())) : "");
        out.printf("Target: %s. Replicas of %.2f cores, %d MiB and a %d MiB heap; one gateway of %.2f cores. Costs: %s.%n%n",
                targetP99 == null ? "serve the whole offered load" : "p99 at most " + Quantities.format(targetP99),
                replicaCpus, costs.limits().replicaMemoryBytes() >> 20, costs.limits().replicaHeapBytes() >> 20,
                costs.limits().gatewayCpus(), costs.source());
        out.println("| variant | cache | replicas | throughput/s | p50 ms | p99 ms | CPU per replica | gateway CPU | hit ratio | bound at that size |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Planner.Answer answer : answers) {
            Prediction p = answer.prediction();
            out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %s | %.2f | %.2f | %s | %s |%n", p.variant(), p.cache() ? "on" : "off",
                    answer.unreachable() == null ? String.valueOf(p.replicas()) : "not reachable", p.throughput(),
                    millis(p.p50Millis()), millis(p.p99Millis()), p.cpuPerReplica(), p.gatewayCpu(), percent(p.hitRatio()),
                    p.bound().resource());
        }
        out.println();
        out.println("Why (the tightest bound of one replica, then what the load needs):");
        for (String variant : Planner.VARIANTS) {
            Bound bound = model.replicaBounds(variant, workload).getFirst();
            out.printf(Locale.ROOT, "- %s: one replica serves at most %.0f requests/s, bound by %s: %s.%n", variant,
                    bound.requestsPerSecond(), bound.resource(), bound.why());
        }
        for (Planner.Answer answer : answers) {
            Prediction p = answer.prediction();
            String which = p.variant() + ", cache " + (p.cache() ? "on" : "off");
            if (answer.unreachable() != null) {
                out.printf("- %s: not reachable: %s.%n", which, answer.unreachable());
            } else if (p.cache() && p.hitRatio() > 0) {
                out.printf(Locale.ROOT, "- %s: the cache answers %s, so %.0f of the %.0f requests/s reach the replicas: %d replica(s).%n",
                        which, percent(p.hitRatio()), p.throughput() * (1 - p.hitRatio()), p.throughput(), p.replicas());
            }
        }
    }

    private static String load(PlanWorkload workload) {
        return workload.closed()
                ? "%d users, think %s".formatted(workload.users(), Quantities.format(workload.think()))
                : String.format(Locale.ROOT, "%.0f requests/s", workload.rate());
    }

    private static String keys(PlanWorkload workload) {
        return workload.distribution().name().toLowerCase(Locale.ROOT)
                + (workload.distribution().name().equals("ZIPF") ? " " + workload.skew() : "");
    }

    private static String millis(double value) {
        return Double.isInfinite(value) ? "grows" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
