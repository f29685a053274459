package dev.concurrencylab.core.web.reactive;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

import dev.concurrencylab.common.runtime.InFlightRequests;

/**
 * Counts a request in flight from subscription until it completes, fails or is cancelled.
 * <p>
 * WebFlux applies the application's web filters to the actuator's own server too (unlike a
 * servlet container), so requests under the actuator base path are not counted: a Prometheus
 * scrape must not show up as traffic, and the count must mean the same as on the servlet variants.
 */
public class InFlightWebFilter implements WebFilter, Ordered {

    private final InFlightRequests inFlight;
    private final ActuatorRequests actuator;

    public InFlightWebFilter(InFlightRequests inFlight, String actuatorBasePath) {
        this.inFlight = inFlight;
        this.actuator = new ActuatorRequests(actuatorBasePath);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (actuator.isActuator(exchange)) {
            return chain.filter(exchange);
        }
        return Mono.defer(() -> {
            inFlight.started();
            return chain.filter(exchange).doFinally(signal -> inFlight.finished());
        });
    }

    /** Just before the slowdown filter (the last one): a slowed request counts as in flight while it waits. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
