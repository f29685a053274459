package dev.concurrencylab.core.web.reactive;

import java.time.Duration;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

import dev.concurrencylab.core.slowdown.Slowdown;

/**
 * A slowed replica's extra wait, before the request is handled: a timer, so no thread waits (the
 * request goes on from the timer's thread). Last of the filters, so the request counts as in
 * flight while it waits; the actuator's own requests are not slowed, as on the servlet variants,
 * whose filters never see them.
 */
public class SlowdownWebFilter implements WebFilter, Ordered {

    private final Slowdown slowdown;
    private final ActuatorRequests actuator;

    public SlowdownWebFilter(Slowdown slowdown, String actuatorBasePath) {
        this.slowdown = slowdown;
        this.actuator = new ActuatorRequests(actuatorBasePath);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Duration extra = slowdown.extra();
        if (extra.isZero() || actuator.isActuator(exchange)) {
            return chain.filter(exchange);
        }
        return Mono.delay(extra).then(chain.filter(exchange));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
