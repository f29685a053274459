package dev.concurrencylab.lab.plan;

/**
 * What one variant's replica costs, per endpoint and per request in flight, as {@code ./lab plan
 * --calibrate} measures it (or the shipped defaults).
 *
 * @param workMicros CPU per {@code /work} request that waits in-process ({@code io-mode=sleep}),
 *         not counting the workload's own {@code cpu}
 * @param downstreamWorkMicros CPU per {@code /work} request that waits on a call to downstream
 *         ({@code io-mode=downstream}): the call's client side included
 * @param productMicros CPU per {@code /products/{id}} request the cache did not answer (one call to downstream)
 * @param idleResidentBytes resident memory of a replica with nothing in flight, after load
 * @param idleHeapBytes live heap (after a full collection) with nothing in flight
 * @param heapPerInFlight live heap each request in flight adds (virtual-thread stacks live there)
 * @param residentPerInFlight resident memory each request in flight adds, what a container's
 *         memory limit counts (platform-thread stacks, buffers, heap pages touched for the first time)
 */
public record VariantCosts(double workMicros, double downstreamWorkMicros, double productMicros, long idleResidentBytes,
        long idleHeapBytes, long heapPerInFlight, long residentPerInFlight) {

    /** CPU per request that reaches a replica: non-cacheable work ({@code cpu} on top) and cache misses mixed by their share. */
    double serviceSeconds(PlanWorkload workload, double hitRatio) {
        double work = (workload.downstream() ? downstreamWorkMicros : workMicros) / 1e6 + workload.cpuSeconds();
        double workShare = 1 - workload.cacheable();
        double missShare = workload.cacheable() * (1 - hitRatio);
        return workShare + missShare == 0 ? work : (workShare * work + missShare * productMicros / 1e6) / (workShare + missShare);
    }
}
