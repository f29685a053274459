package dev.concurrencylab.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the gateway, under {@code lab.gateway.*}.
 *
 * @param servedByHeader response header that names the replica which served a request
 *     (empty: none)
 * @param server the client side: connection timeouts and which proxies in front are trusted
 * @param upstream the connections to replicas and origins
 * @param discovery how replicas of {@code lb://} routes are found
 * @param routes routes by id. The variants' routes are defined in application.properties; add
 *     your own with any origin URL, e.g. {@code lab.gateway.routes.shop.path=/shop} and
 *     {@code lab.gateway.routes.shop.uri=http://shop.internal:8080}
 * @param cache the shared response cache every cached route stores into, and the global switch
 */
@ConfigurationProperties("lab.gateway")
public record GatewayProperties(
        @DefaultValue("X-Served-By") String servedByHeader,
        @DefaultValue Server server,
        @DefaultValue Upstream upstream,
        @DefaultValue Discovery discovery,
        Map<String, Route> routes,
        @DefaultValue Cache cache) {

    public GatewayProperties {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }

    /**
     * The gateway's side towards clients.
     *
     * @param idleTimeout how long a client connection may send nothing, waiting for a request or
     *     in the middle of one (a client that opens connections and goes quiet, slowloris), before
     *     the gateway closes it
     * @param readTimeout how long a request body may pause between reads before the request fails
     *     with 408
     * @param requestTimeout the most the gateway waits for a whole request body
     * @param trustedProxies a pattern of client addresses whose {@code Forwarded} and
     *     {@code X-Forwarded-*} headers are believed and passed on (a proxy in front of the
     *     gateway); from anyone else those headers are dropped and the gateway states what it saw
     *     itself. Explicit, never a platform default: Spring Boot's own forwarded-header support
     *     is off ({@code server.forward-headers-strategy=none}), also on Kubernetes.
     */
    public record Server(
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("30s") Duration readTimeout,
            @DefaultValue("60s") Duration requestTimeout,
            @DefaultValue(LOOPBACK_AND_PRIVATE) String trustedProxies) {

        /** Loopback and the private networks, where the lab's clients and any proxy in front live. */
        public static final String LOOPBACK_AND_PRIVATE =
                "127\\..*|10\\..*|172\\.(1[6-9]|2[0-9]|3[01])\\..*|192\\.168\\..*|0:0:0:0:0:0:0:1|::1";

        public Server {
            requirePositive("lab.gateway.server.idle-timeout", idleTimeout);
            requirePositive("lab.gateway.server.read-timeout", readTimeout);
            requirePositive("lab.gateway.server.request-timeout", requestTimeout);
            try {
                java.util.regex.Pattern.compile(trustedProxies);
            } catch (java.util.regex.PatternSyntaxException invalid) {
                throw new IllegalArgumentException("lab.gateway.server.trusted-proxies must be a regular expression, was "
                        + trustedProxies + ": " + invalid.getDescription());
            }
        }
    }

    /**
     * The gateway's connections to replicas and origins (one Reactor Netty connection pool).
     *
     * @param connectTimeout a replica that does not accept a connection within this fails the
     *     attempt (which may be retried on another replica)
     * @param maxConnections pooled connections per replica at most (shared out among the event loops,
     *     each of which has a pool of its own)
     * @param maxIdleTime an idle pooled connection is closed after this
     * @param bodyIdleTimeout how long an answer's body may pause between reads: a replica that
     *     stalls in the middle of a body is cut off after it, and the client's response is broken
     *     off (never ended as if complete). The route time limits end at the headers.
     */
    public record Upstream(
            @DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("2000") int maxConnections,
            @DefaultValue("30s") Duration maxIdleTime,
            @DefaultValue("10s") Duration bodyIdleTimeout) {

        public Upstream {
            requirePositive("lab.gateway.upstream.connect-timeout", connectTimeout);
            requirePositive("lab.gateway.upstream.max-idle-time", maxIdleTime);
            requirePositive("lab.gateway.upstream.body-idle-timeout", bodyIdleTimeout);
            if (maxConnections < 1) {
                throw new IllegalArgumentException("lab.gateway.upstream.max-connections must be at least 1, was " + maxConnections);
            }
        }
    }

    /**
     * @param mode {@code static}: the lists under {@code replicas} and in {@code replicas-file};
     *     {@code dns}: every A/AAAA record of the service's name, as Docker Compose and Kubernetes
     *     headless Services give them
     * @param replicas static replicas by service, e.g.
     *     {@code lab.gateway.discovery.replicas.service-mvc=http://10.0.0.5:8080,http://10.0.0.6:8080}
     * @param replicasFile a properties file of the same form ({@code service-mvc=http://...,...})
     *     whose lists replace those of {@code replicas}; read at start and again whenever it
     *     changes, or at once on {@code POST /actuator/labreplicas} (the lab harness writes it)
     * @param dns the DNS mode's settings
     */
    public record Discovery(
            @DefaultValue("static") Mode mode,
            Map<String, List<URI>> replicas,
            Path replicasFile,
            @DefaultValue Dns dns) {

        public enum Mode { STATIC, DNS }

        public Discovery {
            replicas = replicas == null ? Map.of() : Map.copyOf(replicas);
        }
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
     * @param attemptTimeout the most one attempt on one replica may take until its response
     *     headers; exceeded, that replica is ejected for a while and an idempotent request is
     *     retried on another (unset: the route's {@code timeout})
     * @param concurrencyLimit requests in flight on this route at most; one more is answered 503
     *     with Retry-After at once instead of queueing without bound
     * @param retryAfter what 503 answers tell clients to wait
     * @param retry retries of idempotent requests
     * @param circuitBreaker when to stop sending requests to a failing upstream
     * @param cache whether and how this route's responses are cached (see {@link RouteCache})
     */
    public record Route(
            String path,
            URI uri,
            @DefaultValue("least-outstanding") Balancing balancing,
            Duration timeout,
            Duration attemptTimeout,
            @DefaultValue("1000") int concurrencyLimit,
            @DefaultValue("1s") Duration retryAfter,
            @DefaultValue Retry retry,
            @DefaultValue CircuitBreaker circuitBreaker,
            @DefaultValue RouteCache cache) {

        public enum Balancing { ROUND_ROBIN, LEAST_OUTSTANDING }

        /** The attempt timeout in effect: the route's own when unset or longer. */
        public Duration attemptTimeoutOrRoute() {
            return attemptTimeout == null || attemptTimeout.compareTo(timeout) > 0 ? timeout : attemptTimeout;
        }
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

    /**
     * The one response cache of the gateway (a Caffeine AsyncCache), shared by every route that
     * caches. What is stored, keyed, served and coalesced is described in
     * {@code dev.concurrencylab.gateway.cache} (its package documentation).
     *
     * @param enabled the global switch: {@code false} turns caching off on every route, whatever
     *     the routes say (env {@code LAB_GATEWAY_CACHE_ENABLED=false}). Responses then pass
     *     through unchanged, marked {@code X-Cache: BYPASS}.
     * @param maxBytes bound of the whole cache: bodies, stored headers and keys, weighed per
     *     entry; beyond it the least valuable entries are evicted (W-TinyLFU)
     * @param maxEntryBytes a response whose body is larger is streamed through and not stored
     * @param coalesceTimeout how long concurrent requests for a key that is being fetched wait
     *     for that one upstream response before each goes upstream itself
     * @param heuristicMax the cap of heuristic freshness (10% of Date minus Last-Modified, RFC
     *     9111 §4.2.2) for responses without explicit freshness
     * @param targets the targeted cache-control fields this cache obeys (RFC 9213), most specific
     *     first: the first of them a response carries replaces its {@code Cache-Control} (and
     *     {@code Expires}) for this cache; empty: only {@code Cache-Control}
     */
    public record Cache(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("64MB") DataSize maxBytes,
            @DefaultValue("1MB") DataSize maxEntryBytes,
            @DefaultValue("5s") Duration coalesceTimeout,
            @DefaultValue("1h") Duration heuristicMax,
            @DefaultValue("CDN-Cache-Control") List<String> targets) {

        public Cache {
            targets = targets == null ? List.of() : List.copyOf(targets);
            for (String target : targets) {
                if (!target.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                    throw new IllegalArgumentException("lab.gateway.cache.targets must be header field names, was " + target);
                }
            }
            if (maxBytes.toBytes() < 1) {
                throw new IllegalArgumentException("lab.gateway.cache.max-bytes must be positive, was " + maxBytes);
            }
            if (maxEntryBytes.toBytes() < 1 || maxEntryBytes.toBytes() > maxBytes.toBytes()) {
                throw new IllegalArgumentException("lab.gateway.cache.max-entry-bytes must be between 1B and max-bytes ("
                        + maxBytes + "), was " + maxEntryBytes);
            }
            if (maxEntryBytes.toBytes() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("lab.gateway.cache.max-entry-bytes must be below 2GB, was " + maxEntryBytes);
            }
            if (coalesceTimeout.isNegative()) {
                throw new IllegalArgumentException("lab.gateway.cache.coalesce-timeout must not be negative, was " + coalesceTimeout);
            }
            if (heuristicMax.isNegative()) {
                throw new IllegalArgumentException("lab.gateway.cache.heuristic-max must not be negative, was " + heuristicMax);
            }
        }
    }

    /**
     * Caching on one route, outermost of the route's stages (so a hit costs no concurrency slot
     * and no upstream call).
     *
     * @param enabled whether this route caches (the global {@code lab.gateway.cache.enabled}
     *     can still turn it off)
     * @param paths path patterns (as clients send them, e.g. {@code /mvc/products/**}) whose
     *     GET/HEAD responses are cached; empty: every path of the route. Others are marked
     *     {@code X-Cache: BYPASS}. Unsafe requests invalidate on any path.
     * @param defaultTtl an override: the freshness given to storable responses for which the
     *     origin states none (no s-maxage, max-age or Expires), instead of the heuristic of RFC
     *     9111 §4.2.2; unset: the heuristic
     * @param staleWhileRevalidate an override like {@code defaultTtl}: the RFC 5861 window used
     *     when the origin sends no {@code stale-while-revalidate}; unset: none
     * @param staleIfError the same for {@code stale-if-error}
     */
    public record RouteCache(
            @DefaultValue("false") boolean enabled,
            List<String> paths,
            Duration defaultTtl,
            Duration staleWhileRevalidate,
            Duration staleIfError) {

        public RouteCache {
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
