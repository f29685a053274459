package dev.concurrencylab.gateway.headers;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Every request carries an {@code X-Request-Id} upstream and back to the client: the client's own
 * if it sent a sane one (visible ASCII, at most 128 characters), else a new UUID.
 */
public final class RequestIdFilter implements GlobalFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[\\x21-\\x7e]{1,128}");

    @Override
    public int getOrder() {
        // after ConnectionOptionsFilter: an X-Request-Id the client named in Connection is gone by now
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String requestId = requestId(exchange.getRequest());
        exchange.getResponse().getHeaders().set(HEADER, requestId);
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(HEADER, requestId)))
                .build());
    }

    /** The request's id: the client's if sane, else a new one. */
    public static String requestId(ServerHttpRequest request) {
        String given = request.getHeaders().getFirst(HEADER);
        if (given != null && SANE.matcher(given).matches()) {
            return given;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
