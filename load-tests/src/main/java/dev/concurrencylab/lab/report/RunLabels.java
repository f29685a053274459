package dev.concurrencylab.lab.report;

import java.util.List;

/**
 * How a run is named in charts and tables: its variant, plus the replica count and cache setting
 * only when the bench varied them (so a plain comparison reads "mvc", "virtual", "webflux").
 */
final class RunLabels {

    private final boolean replicasVary;
    private final boolean cacheVaries;

    RunLabels(List<BenchResults.Run> runs) {
        this.replicasVary = runs.stream().map(BenchResults.Run::replicas).distinct().count() > 1;
        this.cacheVaries = runs.stream().map(BenchResults.Run::cache).distinct().count() > 1;
    }

    String of(BenchResults.Run run) {
        return run.variant() + (replicasVary ? " ×" + run.replicas() : "") + (cacheVaries ? " cache " + run.cache() : "");
    }
}
