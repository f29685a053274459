package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one event of a run did, read from the load generator's seconds: the requests that failed
 * from the event until the next one (or the end), throughput before it and at the level it settled
 * at afterwards, and how long it took to get there.
 *
 * @param mark the event as it happened
 * @param failedAfter requests that failed from the event's second until the next event's (or the end)
 * @param before median requests per second over the seconds before the event (since the previous one)
 * @param after median requests per second over the last {@link #SETTLED_SECONDS} seconds before the next event (or the end)
 * @param settledAfterSeconds seconds from the event until throughput came within {@link #SETTLED_WITHIN} of
 *     {@code after} and stayed there; {@code null} when it never did within the window
 * @param roseAfterSeconds seconds from the event until a second served more than {@link #SETTLED_WITHIN}
 *     above {@code before} (what a scale out is for); {@code null} when none did
 * @param recoveredAfterSeconds seconds from the event until a second served at least {@link #SETTLED_WITHIN}
 *     below {@code before} or more (0 when it never dropped; what a failure costs); {@code null} when none did
 */
record EventEffect(BenchResults.EventMark mark, long failedAfter, double before, double after, Integer settledAfterSeconds,
        Integer roseAfterSeconds, Integer recoveredAfterSeconds) {

    static final int SETTLED_SECONDS = 3;
    static final double SETTLED_WITHIN = 0.10;

    static List<EventEffect> of(BenchResults.Run run) {
        List<BenchResults.EventMark> marks = run.eventsOrEmpty();
        List<EventEffect> effects = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            BenchResults.EventMark mark = marks.get(i);
            double previous = i == 0 ? 0 : marks.get(i - 1).atSeconds();
            double next = i + 1 < marks.size() ? marks.get(i + 1).atSeconds() : Double.MAX_VALUE;
            // second k of the window covers (k − 1, k]: the event falls in second floor(at) + 1
            int eventSecond = (int) Math.floor(mark.atSeconds()) + 1;
            int nextSecond = next == Double.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.floor(next) + 1;
            List<BenchResults.Second> beforeSeconds = run.seconds().stream()
                    .filter(second -> second.second() > previous && second.second() < eventSecond).toList();
            List<BenchResults.Second> afterSeconds = run.seconds().stream()
                    .filter(second -> second.second() >= eventSecond && second.second() < nextSecond).toList();
            long failed = afterSeconds.stream().mapToLong(BenchResults.Second::failed).sum();
            double after = median(afterSeconds.subList(Math.max(0, afterSeconds.size() - SETTLED_SECONDS), afterSeconds.size()));
            double before = median(beforeSeconds);
            effects.add(new EventEffect(mark, failed, before, after, settled(afterSeconds, eventSecond, after),
                    rose(afterSeconds, eventSecond, before), recovered(afterSeconds, eventSecond, before)));
        }
        return effects;
    }

    /** The first second from which every second is within {@link #SETTLED_WITHIN} of the settled level. */
    private static Integer settled(List<BenchResults.Second> after, int eventSecond, double level) {
        if (after.isEmpty() || level == 0) {
            return null;
        }
        Integer settledFrom = null;
        for (BenchResults.Second second : after) {
            boolean within = Math.abs(second.requests() - level) <= SETTLED_WITHIN * level;
            if (!within) {
                settledFrom = null;
            } else if (settledFrom == null) {
                settledFrom = second.second();
            }
        }
        return settledFrom == null ? null : settledFrom - eventSecond;
    }

    /** The first second after the event that served more than {@link #SETTLED_WITHIN} above the level before it. */
    private static Integer rose(List<BenchResults.Second> after, int eventSecond, double before) {
        if (before == 0) {
            return null;
        }
        return after.stream().filter(second -> second.requests() > (1 + SETTLED_WITHIN) * before).findFirst()
                .map(second -> second.second() - eventSecond).orElse(null);
    }

    /** The first second after the event that served at least {@link #SETTLED_WITHIN} below the level before it, or more. */
    private static Integer recovered(List<BenchResults.Second> after, int eventSecond, double before) {
        return after.stream().filter(second -> second.requests() >= (1 - SETTLED_WITHIN) * before).findFirst()
                .map(second -> second.second() - eventSecond).orElse(null);
    }

    private static double median(List<BenchResults.Second> seconds) {
        double[] values = seconds.stream().mapToDouble(BenchResults.Second::requests).sorted().toArray();
        if (values.length == 0) {
            return 0;
        }
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /** E.g. {@code kill service-webflux-2 at 10.0 s: 0 failed requests after it; 1,800 → 1,750 req/s, settled within 2 s}. */
    String describe() {
        if (mark.failure() != null) {
            return "%s at %.1f s could not be done: %s".formatted(mark.event(), mark.atSeconds(), mark.failure());
        }
        String took = mark.tookSeconds() >= 1 ? String.format(Locale.ROOT, " (took %.1f s)", mark.tookSeconds()) : "";
        String settledText = settledAfterSeconds == null ? "not settled by the end of the window"
                : settledAfterSeconds <= 1 ? "settled within 1 s" : "settled after " + settledAfterSeconds + " s";
        return "%s at %.1f s%s: %d failed request%s after it; throughput %s → %s req/s, %s".formatted(mark.event(),
                mark.atSeconds(), took, failedAfter, failedAfter == 1 ? "" : "s", RunVerdict.number(before),
                RunVerdict.number(after), settledText);
    }
}
