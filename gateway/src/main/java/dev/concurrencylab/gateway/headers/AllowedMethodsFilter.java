package dev.concurrencylab.gateway.headers;

import java.util.Set;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Only the methods of RFC 9110 that an API uses are proxied; anything else (TRACE, CONNECT, an
 * invented method) is answered 405 with {@code Allow} by the gateway itself and never reaches a
 * replica.
 */
public final class AllowedMethodsFilter implements GlobalFilter, Ordered {

    private static final Set<HttpMethod> ALLOWED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (!ALLOWED.contains(method)) {
            return Mono.error(new MethodNotAllowedException(method, ALLOWED));
        }
        return chain.filter(exchange);
    }
}
