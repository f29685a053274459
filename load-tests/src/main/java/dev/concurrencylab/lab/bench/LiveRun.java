package dev.concurrencylab.lab.bench;

/**
 * The bench's current run as its progress line shows it, for the live page.
 *
 * @param run which run of how many, e.g. {@code [2/6] io-bound × mvc}
 * @param second the measured second it is in ({@code 0} while warming up)
 * @param seconds the measured seconds of the run
 * @param requestsPerSecond answers in that second
 * @param p99Millis their p99
 * @param epochMillis when the line was written: a page ignores one older than a few seconds
 */
public record LiveRun(String run, int second, long seconds, long requestsPerSecond, double p99Millis, long epochMillis) {
}
