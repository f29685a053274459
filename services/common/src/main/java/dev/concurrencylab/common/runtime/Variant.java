package dev.concurrencylab.common.runtime;

/**
 * Which concurrency model this process runs: every app declares exactly one as a bean. It names
 * the process in {@code /whoami}, {@code info} and the {@code variant} tag of every meter.
 *
 * @param name {@code mvc}, {@code virtual}, {@code webflux} or {@code downstream}
 * @param threadingModel how requests get a thread, in words, with the pool size where one exists
 */
public record Variant(String name, String threadingModel) {
}
