package dev.concurrencylab.lab.bench;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every second of a run, asks the target whether a process ended that nobody meant to end (a
 * scenario's kill is meant); if one did, stops the bench with what happened to it, rather than go
 * on measuring a smaller deployment than the one the run is labelled with.
 */
final class LossWatch implements AutoCloseable {

    private final BenchTarget target;
    private final Consumer<String> stop;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lab-loss-watch").factory());

    LossWatch(BenchTarget target, Consumer<String> stop) {
        this.target = target;
        this.stop = stop;
    }

    void start() {
        clock.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    private void check() {
        List<String> lost = target.lost();
        if (!lost.isEmpty()) {
            stop.accept("the deployment lost a process during the run, so the bench stopped rather than measure a smaller "
                    + "one: " + String.join("; ", lost));
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
