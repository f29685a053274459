package dev.concurrencylab.lab.calibrate;

/**
 * Memory of a replica at one moment, the heap read right after a full collection so that it holds
 * only what is live.
 *
 * @param liveHeapBytes heap in use after the collection
 * @param residentBytes resident memory of the process: what a container's memory limit counts
 * @param inFlight requests it was serving ({@code lab.requests.inflight})
 */
record MemorySnapshot(double liveHeapBytes, double residentBytes, double inFlight) {
}
