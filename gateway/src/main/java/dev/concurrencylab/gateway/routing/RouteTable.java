package dev.concurrencylab.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * The routes of {@code lab.gateway.routes.*}, checked when the gateway starts, and the lookup of a
 * request's route: the longest matching prefix wins, so {@code /shop/admin} can be a route of its
 * own beside {@code /shop}. A linear scan over a handful of prefixes, cheaper than any matcher.
 */
public final class RouteTable {

    private final GatewayRoute[] byLongestPrefix;

    public RouteTable(GatewayProperties properties) {
        List<GatewayRoute> routes = new ArrayList<>();
        properties.routes().forEach((id, route) -> routes.add(GatewayRoute.of(id, route)));
        routes.sort(Comparator.comparingInt((GatewayRoute route) -> route.prefix().length()).reversed()
                .thenComparing(GatewayRoute::id));
        for (int i = 1; i < routes.size(); i++) {
            if (routes.get(i).prefix().equals(routes.get(i - 1).prefix())) {
                throw new IllegalArgumentException("lab.gateway.routes." + routes.get(i - 1).id() + " and "
                        + routes.get(i).id() + " have the same path " + routes.get(i).prefix());
            }
        }
        this.byLongestPrefix = routes.toArray(GatewayRoute[]::new);
    }

    /** The route of a raw request path (no query), or null when none matches. */
    public GatewayRoute match(String path) {
        for (GatewayRoute route : byLongestPrefix) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }

    /** Every route, longest prefix first. */
    public List<GatewayRoute> all() {
        return List.of(byLongestPrefix);
    }
}
