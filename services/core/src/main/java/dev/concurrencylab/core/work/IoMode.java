package dev.concurrencylab.core.work;

/** How {@code /work} waits for its I/O. */
public enum IoMode {
    /** In-process: {@code Thread.sleep} on blocking variants, {@code Mono.delay} on webflux. */
    SLEEP,
    /** A real HTTP call to downstream, which answers after the wait. */
    DOWNSTREAM
}
