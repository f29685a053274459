package dev.concurrencylab.gateway.resilience;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many retries a route may still send, so that retries cannot multiply the load on an
 * upstream that is already failing (the "retry storm"). Each request deposits {@code ratio} of a
 * retry (at most ten seconds' worth of deposits are kept); each retry withdraws one. Besides, up
 * to {@code minPerSecond} retries a second are always allowed, so a route with little traffic
 * can still retry. Lock-free; safe under any concurrency.
 * <p>
 * Why by hand: neither Spring Cloud Gateway's Retry filter nor Resilience4j's Retry has a budget
 * shared across requests.
 */
public final class RetryBudget {

    /** Balances are kept in thousandths of a retry, so a ratio like 0.2 deposits exactly. */
    private static final long UNIT = 1000;

    private final long deposit;
    private final long cap;
    private final int minPerSecond;
    private final LongSupplier clockMillis;
    private final AtomicLong balance = new AtomicLong();
    /** The current second and how many free retries it has used, in one word: second << 20 | used. */
    private final AtomicLong freeRetries = new AtomicLong();

    public RetryBudget(double ratio, int minPerSecond, LongSupplier clockMillis) {
        if (ratio < 0 || ratio > 1) {
            throw new IllegalArgumentException("retry budget ratio must be within 0..1, was " + ratio);
        }
        this.deposit = Math.round(ratio * UNIT);
        this.cap = Math.max(UNIT, Math.round(ratio * UNIT * 10 * 1000));
        this.minPerSecond = minPerSecond;
        this.clockMillis = clockMillis;
    }

    /** Called for every request that enters the route. */
    public void deposit() {
        if (deposit > 0) {
            balance.accumulateAndGet(deposit, (current, add) -> Math.min(cap, current + add));
        }
    }

    /** Takes one retry from the budget, or says there is none left. */
    public boolean tryWithdraw() {
        if (tryFreeRetry()) {
            return true;
        }
        long left = balance.getAndUpdate(current -> current >= UNIT ? current - UNIT : current);
        return left >= UNIT;
    }

    private boolean tryFreeRetry() {
        long second = clockMillis.getAsLong() / 1000;
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
}
