package dev.concurrencylab.gateway.resilience;

import java.time.Duration;

/** A route's circuit is open: 503, with Retry-After saying when it lets requests through again. */
public final class CircuitOpenException extends RuntimeException {

    private final Duration retryAfter;

    public CircuitOpenException(String routeId, Duration retryAfter) {
        super("Route %s stopped calling its upstream after repeated failures; it tries again in %d s"
                .formatted(routeId, Math.max(1, ceilSeconds(retryAfter))), null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
