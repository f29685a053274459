package dev.concurrencylab.lab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.scenario.Event;

/**
 * A run's events, each done on its own thread at its time (a scale that waits for new replicas
 * does not delay a kill after it), with when each was done and how long it took.
 */
final class EventSchedule implements AutoCloseable {

    /** Events under way at once at most (a scenario has at most 20). */
    private static final int MAX_AT_ONCE = 4;

    private final BenchTarget target;
    private final BenchProgress progress;
    private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(MAX_AT_ONCE,
            Thread.ofVirtual().name("lab-event-", 1).factory());
    private final List<BenchResults.EventMark> done = new ArrayList<>();
    private long windowStart;

    EventSchedule(BenchTarget target, BenchProgress progress) {
        this.target = target;
        this.progress = progress;
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Schedules every event at {@code warmup + at} from now: the measured window begins after the warm-up. */
    void start(List<Event> events, Duration warmup) {
        windowStart = System.nanoTime() + warmup.toNanos();
        for (Event event : events) {
            clock.schedule(() -> apply(event), warmup.plus(event.at()).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void apply(Event event) {
        long began = System.nanoTime();
        progress.note("  at %.1f s: %s".formatted(seconds(began - windowStart), event.describe()));
        String failure = null;
        try {
            target.apply(event);
        } catch (RuntimeException failed) {
            failure = failed.getMessage();
            progress.note("  %s failed: %s".formatted(event.describe(), failure));
        }
        synchronized (done) {
            done.add(new BenchResults.EventMark(seconds(began - windowStart), event.describe(),
                    seconds(System.nanoTime() - began), failure));
        }
    }

    /** The events done so far, in the order they were done. */
    List<BenchResults.EventMark> done() {
        synchronized (done) {
            return List.copyOf(done);
        }
    }

    /** Events not yet begun are dropped; one under way (a scale) is waited for, so the deployment is not left half-changed. */
    @Override
    public void close() {
        clock.shutdown();
        try {
            clock.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }
}
