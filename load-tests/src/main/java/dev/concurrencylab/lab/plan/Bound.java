package dev.concurrencylab.lab.plan;

/**
 * What limits one replica: the resource and the throughput it allows, with the numbers that give it.
 *
 * @param resource {@code cpu}, {@code threads}, {@code downstream pool}, {@code memory} or {@code gateway cpu}
 * @param requestsPerSecond what it allows (per replica; for the gateway, in total)
 * @param why the formula with its numbers, e.g. {@code 200 threads ÷ 2.000 s per request}
 */
public record Bound(String resource, double requestsPerSecond, String why) {
}
