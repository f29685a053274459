package dev.concurrencylab.core.work;

/** Where {@code /work} burns its CPU. */
public enum CpuOn {
    /**
     * On the thread that runs the request: a platform thread (the OS time-slices it with the
     * others), a virtual thread (it holds its carrier, one of as many as there are cores, until
     * the burn ends: virtual threads are not preempted) or, on webflux, an event loop (every other
     * connection of that loop waits).
     */
    REQUEST,
    /** On {@link CpuWorkers}, a pool of platform threads, while the request waits for it in its model's way. */
    WORKERS
}
