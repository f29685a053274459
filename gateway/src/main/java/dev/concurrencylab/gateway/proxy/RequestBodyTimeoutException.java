package dev.concurrencylab.gateway.proxy;

import java.time.Duration;

/**
 * The client stopped sending its request body: it paused longer than the read timeout, or the
 * whole body took longer than the request timeout. The client's fault, never the upstream's: a
 * 408, and not a failure the route's circuit breaker counts.
 */
public final class RequestBodyTimeoutException extends RuntimeException {

    public RequestBodyTimeoutException(String what, Duration limit) {
        super("The request body %s longer than %d ms".formatted(what, limit.toMillis()), null, false, false);
    }
}
