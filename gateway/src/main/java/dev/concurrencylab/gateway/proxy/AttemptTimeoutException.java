package dev.concurrencylab.gateway.proxy;

import java.time.Duration;

/** One attempt on one replica brought no response headers within the route's attempt timeout. */
public final class AttemptTimeoutException extends RuntimeException {

    public AttemptTimeoutException(String routeId, String replica, Duration limit) {
        super("Replica %s of route %s sent no answer within the attempt timeout of %d ms"
                .formatted(replica, routeId, limit.toMillis()), null, false, false);
    }
}
