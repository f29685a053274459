package dev.concurrencylab.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * {@code HttpCache}: a route's shared HTTP cache (RFC 9111) in front of its upstream, storing into
 * the gateway's one {@link ResponseCache}. These are its rules, in one place.
 *
 * <h2>What is stored (RFC 9111 §3)</h2>
 * Responses to GET only (HEAD is answered from the GET entry, never the other way round), with an
 * understood final status (200, 203, 204, 300, 301, 302, 307, 308, 404, 405, 410, 414, 451; never
 * 206 or 5xx), unless: the request or the response says {@code no-store}; the response says
 * {@code private} (qualified or not); the request has {@code Authorization} and the response lacks
 * {@code public}, {@code s-maxage} and {@code must-revalidate}; the response has {@code Set-Cookie}
 * (such responses are not stored at all, so a cookie never reaches another client); the response
 * has {@code Vary: *}; the response has neither explicit freshness nor {@code public} nor a
 * heuristically cacheable status; or it would be useless (no freshness, no validator, no
 * stale-while-revalidate). The body is aggregated as it streams; past
 * {@code lab.gateway.cache.max-entry-bytes} the rest streams through and nothing is stored.
 * Hop-by-hop fields, {@code Age}, {@code X-Request-Id} and {@code X-Cache} are not stored.
 *
 * <h2>Freshness and age (§4.2)</h2>
 * Lifetime: {@code s-maxage}, else {@code max-age}, else {@code Expires} − {@code Date}; without
 * any, the route's {@code default-ttl} (an override of the origin's silence, not of what it
 * says), else 10% of {@code Date} − {@code Last-Modified} capped at
 * {@code lab.gateway.cache.heuristic-max}, for heuristically cacheable statuses only. Age per
 * §4.2.3 (apparent age, corrected {@code Age}, response delay, resident time); every response
 * served from the cache carries {@code Age}.
 *
 * <h2>Serving (§4, §4.3, §5.2)</h2>
 * A fresh entry is served ({@code HIT}), as 304 when the client's {@code If-None-Match} (weak
 * comparison) or {@code If-Modified-Since} matches. Request {@code no-cache} (or {@code Pragma:
 * no-cache}), {@code max-age=0}, a {@code max-age} below the age, {@code min-fresh} beyond the
 * remaining freshness, and response {@code no-cache} make the cache revalidate. A stale entry is
 * revalidated upstream with its validators ({@code If-None-Match} from ETag,
 * {@code If-Modified-Since} from Last-Modified); a 304 refreshes it (headers updated per §4.3.4;
 * {@code REVALIDATED}). A stale entry is served as it is ({@code STALE}) only when the client's
 * {@code max-stale} allows it, within {@code stale-while-revalidate} (RFC 5861; one background
 * refresh per entry while clients get the stale copy), or within {@code stale-if-error} when the
 * upstream answers 5xx or fails to connect; never when the response said {@code must-revalidate},
 * {@code proxy-revalidate} or {@code s-maxage}. {@code only-if-cached} without a usable entry is
 * answered 504 problem+json. An error never replaces a stored response.
 *
 * <h2>Single flight</h2>
 * Concurrent requests for one key that the cache cannot answer go upstream once: the first claims
 * the key in the Caffeine map, the others wait for its response (at most
 * {@code lab.gateway.cache.coalesce-timeout}; then each goes upstream itself) and get the same
 * bytes. If that response may not be stored, each waiter goes upstream itself.
 *
 * <h2>Invalidation (§4.4)</h2>
 * A POST, PUT, DELETE or PATCH answered 2xx/3xx removes the stored responses of its target URI and
 * of the same-origin {@code Location} and {@code Content-Location}, with every Vary variant,
 * before the answer reaches the client.
 *
 * <h2>Marking</h2>
 * {@code X-Cache: HIT | MISS | STALE | REVALIDATED | BYPASS} on every response of a cached route
 * (BYPASS: cache off globally, other methods, paths outside {@code paths}, Range requests), the
 * gateway's own problem+json errors included (a GET or HEAD that failed is a MISS).
 * Keys: {@link CacheKeys}.
 */
public final class HttpCacheGatewayFilterFactory extends AbstractGatewayFilterFactory<HttpCacheGatewayFilterFactory.Config> {

    /** The response header that says how the cache handled a request on a cached route ({@link CacheResult}). */
    public static final String X_CACHE = "X-Cache";

    private final ResponseCache cache;
    private final MeterRegistry meters;

    public HttpCacheGatewayFilterFactory(ResponseCache cache, MeterRegistry meters) {
        super(Config.class);
        this.cache = cache;
        this.meters = meters;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("defaultTtl");
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        String routeId = config.getRouteId() == null ? "unnamed" : config.getRouteId();
        CacheMeters routeMeters = new CacheMeters(routeId, meters);
        if (!cache.enabled()) {
            return new Bypass(routeMeters);
        }
        List<PathPattern> paths = new ArrayList<>();
        config.getPaths().forEach(path -> paths.add(PathPatternParser.defaultInstance.parse(path)));
        CachePolicy policy = new CachePolicy(config.getDefaultTtl(), config.getStaleWhileRevalidate(),
                config.getStaleIfError(), cache.settings().heuristicMax());
        return new HttpCacheFilter(routeId, cache, policy, routeMeters, List.copyOf(paths));
    }

    /** The filter of a cached route while the cache is off globally: everything passes, marked BYPASS. */
    private record Bypass(CacheMeters meters) implements GatewayFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            return HttpCacheFilter.bypass(exchange, chain, meters);
        }

        @Override
        public int getOrder() {
            return HttpCacheFilter.ORDER;
        }
    }

    /**
     * A route's cache settings ({@code filters: - HttpCache=30s} sets {@code defaultTtl}); checked
     * when the route is built, with a message naming the bad value.
     */
    public static final class Config implements HasRouteId {

        private String routeId;
        private List<String> paths = List.of();
        private Duration defaultTtl;
        private Duration staleWhileRevalidate;
        private Duration staleIfError;

        /** Throws when a setting is out of range. */
        public Config validate() {
            String where = "cache of route " + routeId + ": ";
            requireNotNegative(where + "default-ttl", defaultTtl);
            requireNotNegative(where + "stale-while-revalidate", staleWhileRevalidate);
            requireNotNegative(where + "stale-if-error", staleIfError);
            for (String path : paths) {
                if (path == null || !path.startsWith("/")) {
                    throw new IllegalArgumentException(where + "paths must be path patterns starting with /, was " + path);
                }
                try {
                    PathPatternParser.defaultInstance.parse(path);
                } catch (RuntimeException invalid) {
                    throw new IllegalArgumentException(where + "paths has an invalid pattern " + path + ": " + invalid.getMessage());
                }
            }
            return this;
        }

        private static void requireNotNegative(String name, Duration value) {
            if (value != null && value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
        }

        @Override
        public String getRouteId() {
            return routeId;
        }

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        public List<String> getPaths() {
            return paths;
        }

        public Config setPaths(List<String> paths) {
            this.paths = paths == null ? List.of() : List.copyOf(paths);
            return this;
        }

        public Duration getDefaultTtl() {
            return defaultTtl;
        }

        public Config setDefaultTtl(Duration defaultTtl) {
            this.defaultTtl = defaultTtl;
            return this;
        }

        public Duration getStaleWhileRevalidate() {
            return staleWhileRevalidate;
        }

        public Config setStaleWhileRevalidate(Duration staleWhileRevalidate) {
            this.staleWhileRevalidate = staleWhileRevalidate;
            return this;
        }

        public Duration getStaleIfError() {
            return staleIfError;
        }

        public Config setStaleIfError(Duration staleIfError) {
            this.staleIfError = staleIfError;
            return this;
        }
    }
}
