package dev.concurrencylab.gateway.resilience;

import java.time.Duration;

/** A request took longer than its route's time limit: 504. */
public class RouteTimeoutException extends RuntimeException {

    public RouteTimeoutException(String routeId, Duration limit) {
        super("No answer through route %s within its time limit of %d ms".formatted(routeId, limit.toMillis()),
                null, false, false);
    }
}
