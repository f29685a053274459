package dev.concurrencylab.gateway.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.proxy.UpstreamResponse;

/**
 * A Resilience4j circuit breaker per route. Besides errors (refused connections, time limits), an
 * upstream's 5xx answer counts as a failure: the outcome is recorded here at the answer's headers.
 * While open, requests fail at once with {@link CircuitOpenException} (503) whose Retry-After is
 * the time left until the breaker lets trial calls through (it remembers when it opened; once that
 * time has come but the trial calls are all taken, the route's {@code retry-after}).
 */
public final class Breaker implements Upstream {

    private final Upstream next;
    private final CircuitBreaker circuitBreaker;
    private final String routeId;
    private final Duration waitInOpen;
    private final Duration retryAfter;
    private final Clock clock;
    private final AtomicLong openedAt = new AtomicLong();

    public Breaker(Upstream next, CircuitBreaker circuitBreaker, String routeId, Duration waitInOpen, Duration retryAfter,
            Clock clock) {
        this.next = next;
        this.circuitBreaker = circuitBreaker;
        this.routeId = routeId;
        this.waitInOpen = waitInOpen;
        this.retryAfter = retryAfter;
        this.clock = clock;
        circuitBreaker.getEventPublisher().onStateTransition(transition -> {
            if (transition.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.set(clock.millis());
            }
        });
    }

    @Override
    public Mono<UpstreamResponse> exchange(ProxyExchange exchange) {
        if (!circuitBreaker.tryAcquirePermission()) {
            return Mono.error(new CircuitOpenException(routeId, untilTrialCalls()));
        }
        long start = circuitBreaker.getCurrentTimestamp();
        return next.exchange(exchange)
                .doOnNext(response -> {
                    long elapsed = circuitBreaker.getCurrentTimestamp() - start;
                    if (response.status() >= 500) {
                        circuitBreaker.onError(elapsed, circuitBreaker.getTimestampUnit(), new UpstreamErrorStatus(response.status()));
                    } else {
                        circuitBreaker.onSuccess(elapsed, circuitBreaker.getTimestampUnit());
                    }
                })
                .doOnError(failure -> circuitBreaker.onError(circuitBreaker.getCurrentTimestamp() - start,
                        circuitBreaker.getTimestampUnit(), failure))
                .doOnCancel(circuitBreaker::releasePermission);
    }

    /** How long until the open circuit lets trial calls through. */
    Duration untilTrialCalls() {
        long left = openedAt.get() + waitInOpen.toMillis() - clock.millis();
        return circuitBreaker.getState() == CircuitBreaker.State.OPEN && left > 0 ? Duration.ofMillis(left) : retryAfter;
    }

    /** An upstream's 5xx answer, as the failure the circuit breaker counts. */
    static final class UpstreamErrorStatus extends RuntimeException {

        UpstreamErrorStatus(int status) {
            super("upstream answered " + status, null, false, false);
        }
    }
}
