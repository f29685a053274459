package dev.concurrencylab.gateway.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One route's cache meters, registered once when the route's filter is built so the request path
 * only increments: {@code lab.cache.requests{route,result}}, {@code lab.cache.coalesced{route}}
 * (requests that waited for another's upstream fetch), {@code lab.cache.upstream.fetches{route}}.
 */
final class CacheMeters {

    final String routeId;
    private final Counter[] requests = new Counter[CacheResult.values().length];
    final Counter coalesced;
    final Counter upstreamFetches;

    CacheMeters(String routeId, MeterRegistry registry) {
        this.routeId = routeId;
        for (CacheResult result : CacheResult.values()) {
            requests[result.ordinal()] = Counter.builder("lab.cache.requests")
                    .description("Requests on cached routes, by how the cache answered them")
                    .tag("route", routeId).tag("result", result.tag).register(registry);
        }
        coalesced = Counter.builder("lab.cache.coalesced")
                .description("Requests that waited for another request's upstream fetch of the same key")
                .tag("route", routeId).register(registry);
        upstreamFetches = Counter.builder("lab.cache.upstream.fetches")
                .description("Requests the cache sent upstream: misses, revalidations, background refreshes")
                .tag("route", routeId).register(registry);
    }

    void count(CacheResult result) {
        requests[result.ordinal()].increment();
    }
}
