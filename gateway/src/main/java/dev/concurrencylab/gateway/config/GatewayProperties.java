package dev.concurrencylab.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the gateway, under {@code lab.gateway.*}.
 *
 * @param servedByHeader response header that names the replica which served a request
 *     (empty: none)
 * @param discovery how replicas of {@code lb://} routes are found
 * @param routes routes by id. The variants' routes are defined in application.properties; add
 *     your own with any origin URL, e.g. {@code lab.gateway.routes.shop.path=/shop} and
 *     {@code lab.gateway.routes.shop.uri=http://shop.internal:8080}
 */
@ConfigurationProperties("lab.gateway")
public record GatewayProperties(
        @DefaultValue("X-Served-By") String servedByHeader,
        @DefaultValue Discovery discovery,
        Map<String, Route> routes) {

    public GatewayProperties {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }

    /**
     * @param mode {@code static}: the instance list of Spring Cloud's simple discovery client
     *     ({@code spring.cloud.discovery.client.simple.instances.<service>[n].uri}), which the
     *     lab harness writes; {@code dns}: every A/AAAA record of the service's name, as Docker
     *     Compose and Kubernetes headless Services give them
     * @param dns the DNS mode's settings
     */
    public record Discovery(@DefaultValue("static") Mode mode, @DefaultValue Dns dns) {

        public enum Mode { STATIC, DNS }
    }

    /**
     * @param port port of the replicas (DNS gives addresses only)
     * @param refreshInterval how often names are resolved again, so new replicas get traffic and
     *     vanished ones are dropped without a restart
     * @param server a DNS server {@code host:port} to ask instead of the system's resolvers
     */
    public record Dns(
            @DefaultValue("8080") int port,
            @DefaultValue("5s") Duration refreshInterval,
            String server) {
    }

    /**
     * One route: requests under {@code path} go, with that prefix stripped, to {@code uri}.
     *
     * @param path the path prefix clients use, e.g. {@code /mvc}
     * @param uri where to: {@code lb://<service>} balances over discovered replicas; any
     *     {@code http://host:port} proxies to that origin
     * @param balancing how a replica is chosen for {@code lb://} routes
     * @param timeout the most a request may take through this route, retries included;
     *     exceeded: 504. Required: no library default applies silently.
     * @param concurrencyLimit requests in flight on this route at most; one more is answered 503
     *     with Retry-After at once instead of queueing without bound
     * @param retryAfter what 503 answers tell clients to wait
     * @param retry retries of idempotent requests
     * @param circuitBreaker when to stop sending requests to a failing upstream
     */
    public record Route(
            String path,
            URI uri,
            @DefaultValue("least-outstanding") Balancing balancing,
            Duration timeout,
            @DefaultValue("1000") int concurrencyLimit,
            @DefaultValue("1s") Duration retryAfter,
            @DefaultValue Retry retry,
            @DefaultValue CircuitBreaker circuitBreaker) {

        public enum Balancing { ROUND_ROBIN, LEAST_OUTSTANDING }
    }

    /**
     * Retries only for GET and HEAD, only after a connect failure or a 502/503, always on another
     * replica, with jittered backoff, and within a budget so that retries cannot multiply the
     * load on an upstream that is already failing.
     *
     * @param attempts retries per request at most (0: none)
     * @param firstBackoff wait before the first retry; doubles each time up to {@code maxBackoff}
     * @param maxBackoff longest wait between retries
     * @param jitter random share of each wait (0..1), so retries of many clients spread out
     * @param budgetRatio retries allowed as a share of the route's requests (over 10 s)
     * @param budgetMinPerSecond retries always allowed per second, for routes with little traffic
     */
    public record Retry(
            @DefaultValue("2") int attempts,
            @DefaultValue("10ms") Duration firstBackoff,
            @DefaultValue("200ms") Duration maxBackoff,
            @DefaultValue("0.5") double jitter,
            @DefaultValue("0.2") double budgetRatio,
            @DefaultValue("10") int budgetMinPerSecond) {
    }

    /**
     * @param failureRateThreshold percentage of failed calls that opens the circuit
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumCalls calls needed before the rate counts
     * @param waitInOpen how long the circuit stays open before it lets trial calls through
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("100") int slidingWindowSize,
            @DefaultValue("20") int minimumCalls,
            @DefaultValue("5s") Duration waitInOpen) {
    }
}
