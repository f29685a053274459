package dev.concurrencylab.gateway.headers;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * RFC 9110 §7.6.1: the fields a client names in its {@code Connection} header are meant for the
 * gateway alone, so they are removed as received, with {@code Connection} itself, before anything
 * else runs. Spring Cloud Gateway removes them too, but only when it writes the upstream request,
 * after the gateway has added its own {@code X-Request-Id}, {@code Forwarded} and
 * {@code X-Forwarded-*}: a client sending {@code Connection: Forwarded} would have stripped what
 * the gateway says about it.
 */
public final class ConnectionOptionsFilter implements GlobalFilter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        List<String> connection = exchange.getRequest().getHeaders().get(HttpHeaders.CONNECTION);
        if (connection == null) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
            for (String value : connection) {
                for (String option : value.split(",")) {
                    String name = option.trim();
                    if (!name.isEmpty()) {
                        headers.remove(name);
                    }
                }
            }
            headers.remove(HttpHeaders.CONNECTION);
        })).build());
    }
}
