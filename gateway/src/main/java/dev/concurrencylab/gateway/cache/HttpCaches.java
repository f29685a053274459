package dev.concurrencylab.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.ResponseWriter;
import dev.concurrencylab.gateway.proxy.RouteHandler;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.routing.GatewayRoute;

/**
 * Makes the cache stage of each cached route ({@code lab.gateway.routes.<id>.cache.enabled}), all
 * storing into the gateway's one {@link ResponseCache}; checks each route's cache settings first,
 * stopping the gateway with a message that names the route and the bad value.
 */
public final class HttpCaches {

    private final ResponseCache cache;
    private final MeterRegistry meters;

    public HttpCaches(ResponseCache cache, MeterRegistry meters) {
        this.cache = cache;
        this.meters = meters;
    }

    /** The route's handler: its cache over {@code upstream}, or everything passing marked BYPASS when the cache is off globally. */
    public RouteHandler forRoute(GatewayRoute route, Upstream upstream, ResponseWriter writer) {
        GatewayProperties.RouteCache settings = validate(route.id(), route.settings().cache());
        CacheMeters routeMeters = new CacheMeters(route.id(), meters);
        if (!cache.enabled()) {
            return exchange -> bypass(exchange, upstream, writer, routeMeters);
        }
        List<PathPattern> paths = new ArrayList<>();
        settings.paths().forEach(path -> paths.add(PathPatternParser.defaultInstance.parse(path)));
        CachePolicy policy = new CachePolicy(settings.defaultTtl(), settings.staleWhileRevalidate(),
                settings.staleIfError(), cache.settings().heuristicMax(), cache.settings().targets());
        return new HttpCache(route.id(), cache, policy, routeMeters, List.copyOf(paths), upstream, writer);
    }

    private static Mono<Void> bypass(ProxyExchange exchange, Upstream upstream, ResponseWriter writer, CacheMeters meters) {
        meters.count(CacheResult.BYPASS);
        exchange.cacheResult(CacheResult.BYPASS.header);
        return upstream.exchange(exchange).flatMap(response -> writer.write(exchange, response, response.body()));
    }

    /** Throws when a route's cache setting is out of range; returns the settings otherwise. */
    public static GatewayProperties.RouteCache validate(String routeId, GatewayProperties.RouteCache settings) {
        String where = "lab.gateway.routes." + routeId + ".cache.";
        requireNotNegative(where + "default-ttl", settings.defaultTtl());
        requireNotNegative(where + "stale-while-revalidate", settings.staleWhileRevalidate());
        requireNotNegative(where + "stale-if-error", settings.staleIfError());
        for (String path : settings.paths()) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException(where + "paths must be path patterns starting with /, was " + path);
            }
            try {
                PathPatternParser.defaultInstance.parse(path);
            } catch (RuntimeException invalid) {
                throw new IllegalArgumentException(where + "paths has an invalid pattern " + path + ": " + invalid.getMessage());
            }
        }
        return settings;
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
