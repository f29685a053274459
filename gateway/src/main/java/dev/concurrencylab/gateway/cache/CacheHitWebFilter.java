package dev.concurrencylab.gateway.cache;

import java.util.concurrent.CompletableFuture;

import org.springframework.cloud.gateway.filter.WeightCalculatorWebFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.headers.RequestIdFilter;

/**
 * The fast path of the commonest answer, a plain fresh hit: a GET or HEAD without Cache-Control,
 * Pragma or Range, whose key holds a stored response that is fresh, matches the request's Vary'd
 * headers and was not stored with {@code no-cache}. Such a request is answered here, before route
 * lookup and the gateway's filter chain, exactly as the route's {@link HttpCacheFilter} would
 * answer it ({@code X-Cache: HIT}, Age, 304 for matching validators, counted on the route that
 * stored it), with its {@code X-Request-Id}. Everything else goes on to the route, whose filter
 * applies every rule. Only responses a cached route stored can be found, so no other route is
 * affected; after changing routes at runtime, purge with {@code DELETE /actuator/labcache}.
 * One map lookup and no allocation beyond the key and the response.
 */
public final class CacheHitWebFilter implements WebFilter, Ordered {

    private final ResponseCache cache;

    public CacheHitWebFilter(ResponseCache cache) {
        this.cache = cache;
    }

    /**
     * Just before Spring Cloud Gateway's weight calculator, which only prepares route selection by
     * weight, something a hit never reaches; any filter ordered earlier (security, say) still runs
     * first.
     */
    @Override
    public int getOrder() {
        return WeightCalculatorWebFilter.WEIGHT_CALC_FILTER_ORDER - 1;
    }

    /**
     * Spring's filter chain names each filter by its {@code toString()} on every request (a
     * checkpoint for error traces): a constant instead of Object's class name and identity hash
     * saves building that string per request.
     */
    @Override
    public String toString() {
        return "CacheHitWebFilter";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!cache.enabled()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        HttpHeaders headers = request.getHeaders();
        if (!(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                || headers.containsHeader(HttpHeaders.CACHE_CONTROL) || headers.containsHeader(HttpHeaders.PRAGMA)
                || headers.containsHeader(HttpHeaders.RANGE)) {
            return chain.filter(exchange);
        }
        CompletableFuture<CachedResponse> future = cache.get(CacheKeys.primary(request.getURI()));
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return chain.filter(exchange);
        }
        CachedResponse stored = future.getNow(null);
        long now = cache.now();
        if (stored == null || stored.directives.noCache() || stored.age(now) >= stored.freshness || !stored.matches(headers)) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(RequestIdFilter.HEADER, RequestIdFilter.requestId(request));
        return HttpCacheFilter.serve(exchange, exchange.getResponse(), stored, CacheResult.HIT, now);
    }
}
