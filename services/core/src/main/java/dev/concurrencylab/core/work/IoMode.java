package dev.concurrencylab.core.work;

/** How {@code /work} waits for its I/O. */
public enum IoMode {
    /** In-process, the model's own way: {@code Thread.sleep} on blocking variants, {@code Mono.delay} on webflux. */
    SLEEP,
    /**
     * The anti-pattern: {@code Thread.sleep} on whatever thread runs the request. On the blocking
     * variants that is {@link #SLEEP} (a blocked thread is their model); on webflux it holds an
     * event loop, and every other connection on that loop waits with it.
     */
    BLOCK,
    /** A real HTTP call to downstream, which answers after the wait. */
    DOWNSTREAM
}
