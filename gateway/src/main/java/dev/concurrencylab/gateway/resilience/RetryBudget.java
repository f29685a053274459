package dev.concurrencylab.gateway.resilience;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * How many retries a route may still send, so that retries cannot multiply the load on an
 * upstream that is already failing (the "retry storm"): at most {@code ratio} of the requests the
 * route got in the last ten seconds, counted against the retries it sent in those ten seconds.
 * Only recent traffic earns retries, so a quiet hour banks nothing for the next outage. Besides,
 * up to {@code minPerSecond} retries a second are always allowed, so a route with little traffic
 * can still retry. Lock-free; under concurrency a few retries more or less than the exact share
 * may pass.
 * <p>
 * Why by hand: neither Spring Cloud Gateway's Retry filter nor Resilience4j's Retry has a budget
 * shared across requests.
 */
public final class RetryBudget {

    private static final int WINDOW_SECONDS = 10;

    private final double ratio;
    private final int minPerSecond;
    private final LongSupplier clockMillis;
    private final SecondsWindow requests = new SecondsWindow(WINDOW_SECONDS);
    private final SecondsWindow retries = new SecondsWindow(WINDOW_SECONDS);
    /** The current second and how many free retries it has used, in one word: second << 20 | used. */
    private final AtomicLong freeRetries = new AtomicLong();

    public RetryBudget(double ratio, int minPerSecond, LongSupplier clockMillis) {
        if (ratio < 0 || ratio > 1) {
            throw new IllegalArgumentException("retry budget ratio must be within 0..1, was " + ratio);
        }
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.clockMillis = clockMillis;
    }

    /** Called for every request that enters the route. */
    public void deposit() {
        requests.add(second());
    }

    /** Takes one retry from the budget, or says there is none left. */
    public boolean tryWithdraw() {
        long second = second();
        if (tryFreeRetry(second)) {
            return true;
        }
        if (retries.sum(second) + 1 > ratio * requests.sum(second)) {
            return false;
        }
        retries.add(second);
        return true;
    }

    private long second() {
        return clockMillis.getAsLong() / 1000;
    }

    private boolean tryFreeRetry(long second) {
        while (true) {
            long current = freeRetries.get();
            long used = (current >> 20) == second ? current & 0xFFFFF : 0;
            if (used >= minPerSecond) {
                return false;
            }
            if (freeRetries.compareAndSet(current, (second << 20) | (used + 1))) {
                return true;
            }
        }
    }

    /** Counts per second over the last few seconds; a slot is reused once its second has passed. */
    private static final class SecondsWindow {

        private final int length;
        private final AtomicLongArray seconds;
        private final AtomicLongArray counts;

        SecondsWindow(int length) {
            this.length = length;
            this.seconds = new AtomicLongArray(length);
            this.counts = new AtomicLongArray(length);
            for (int slot = 0; slot < length; slot++) {
                seconds.set(slot, Long.MIN_VALUE);
            }
        }

        void add(long second) {
            int slot = (int) Math.floorMod(second, (long) length);
            long held = seconds.get(slot);
            if (held != second && seconds.compareAndSet(slot, held, second)) {
                counts.set(slot, 0);
            }
            counts.incrementAndGet(slot);
        }

        long sum(long second) {
            long sum = 0;
            for (int slot = 0; slot < length; slot++) {
                long held = seconds.get(slot);
                if (held <= second && held > second - length) {
                    sum += counts.get(slot);
                }
            }
            return sum;
        }
    }
}
