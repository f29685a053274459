package dev.concurrencylab.gateway.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpMethod;

import dev.concurrencylab.gateway.routing.GatewayRoute;
import dev.concurrencylab.gateway.routing.RouteTable;

/**
 * {@code lab.gateway.requests{route,method,status}}: every request a route answered, from arrival
 * to the last byte written, cache hits and the gateway's own problems included (a histogram, for
 * latency percentiles per route). Timers are looked up by a number, so the request path builds no
 * tag strings.
 */
public final class RouteTimers {

    private final MeterRegistry registry;
    private final Map<Long, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Integer> routeNumbers = new java.util.HashMap<>();

    public RouteTimers(MeterRegistry registry, RouteTable routes) {
        this.registry = registry;
        routes.all().forEach(route -> routeNumbers.put(route.id(), routeNumbers.size()));
    }

    public void record(GatewayRoute route, HttpMethod method, int status, long nanos) {
        int routeNumber = routeNumbers.get(route.id());
        long key = ((long) routeNumber << 32) | ((long) methodNumber(method) << 16) | status;
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("lab.gateway.requests")
                    .description("Requests answered through a route, by method and status")
                    .tag("route", route.id())
                    .tag("method", method.name())
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static int methodNumber(HttpMethod method) {
        return switch (method.name()) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "PATCH" -> 4;
            case "DELETE" -> 5;
            default -> 6;
        };
    }
}
