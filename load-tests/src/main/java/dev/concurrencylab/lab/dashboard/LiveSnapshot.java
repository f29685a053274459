package dev.concurrencylab.lab.dashboard;

import java.util.List;

import dev.concurrencylab.lab.bench.LiveRun;

/**
 * What the live page shows for one second: every process of the lab, each variant's replicas
 * together, the gateway's cache and, while a bench runs, its current run.
 *
 * @param epochMillis when it was taken
 * @param processes every process of the lab, by name
 * @param variants each variant's replicas together
 * @param cache the gateway's cache, if it has one
 * @param bench the bench's current run, while one runs against this lab
 */
public record LiveSnapshot(long epochMillis, List<Process> processes, List<Variant> variants, Cache cache, LiveRun bench) {

    /**
     * One process in the last second; values {@code null} where it did not answer or has no such series.
     *
     * @param role mvc, virtual, webflux, gateway or downstream
     */
    public record Process(String name, String role, boolean alive, Double requestsPerSecond, Double p50Millis,
            Double p99Millis, Double errorsPerSecond, Double inFlight, Double threads, Double virtualThreads, Double cpu,
            Double rssBytes) {
    }

    /** A variant's replicas together: p50/p99 from their histograms merged, as Prometheus would sum them. */
    public record Variant(String variant, int replicas, Double requestsPerSecond, Double p50Millis, Double p99Millis,
            Double errorsPerSecond, Double inFlight) {
    }

    /** @param hitRatio hits among hits and misses in the last second (bypasses left out); {@code null} without any */
    public record Cache(Double hitRatio, Double entries, Double bytes) {
    }
}
