package dev.concurrencylab.gateway.balancing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.net.ConnectException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.support.Failures;

/**
 * Runs right after the load balancer has chosen a replica, once per attempt: counts the request
 * in flight to that replica until it ends however it ends (completion, error or cancellation,
 * which Spring Cloud's own lifecycle hooks miss), remembers the replica as tried (so a retry goes
 * elsewhere), names it in the served-by header, times it per replica
 * ({@code lab.gateway.replica.requests}), and ejects it for a while when it refuses a connection.
 */
public final class ReplicaTrackingFilter implements GlobalFilter, Ordered {

    /** How long a replica that refused a connection gets no new requests. */
    static final Duration EJECTION = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ReplicaTrackingFilter.class);

    private final ReplicaLoad load;
    private final MeterRegistry registry;
    private final String servedByHeader;
    /** Timers by route, replica and status, so the hot path looks one up instead of building it. */
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public ReplicaTrackingFilter(ReplicaLoad load, MeterRegistry registry, String servedByHeader) {
        this.load = load;
        this.registry = registry;
        this.servedByHeader = servedByHeader;
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Response<ServiceInstance> chosen = exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (chosen == null || !chosen.hasServer()) {
            return chain.filter(exchange);
        }
        ServiceInstance replica = chosen.getServer();
        String replicaId = ReplicaLoad.replicaId(replica);
        exchange.getAttributes().compute(ReplicaBalancer.TRIED_REPLICAS_ATTR, (key, tried) -> {
            @SuppressWarnings("unchecked")
            Set<String> replicas = tried == null ? new HashSet<>() : (Set<String>) tried;
            replicas.add(replicaId);
            return replicas;
        });
        if (!servedByHeader.isBlank()) {
            exchange.getResponse().getHeaders().set(servedByHeader, replicaId);
        }
        load.started(replica);
        long start = System.nanoTime();
        return chain.filter(exchange)
                .doOnError(failure -> ejectIfRefused(replica, failure))
                .doFinally(signal -> {
                    load.finished(replica);
                    record(exchange, replica, System.nanoTime() - start);
                });
    }

    private void ejectIfRefused(ServiceInstance replica, Throwable failure) {
        if (Failures.causedBy(failure, ConnectException.class)) {
            log.warn("{} replica {} refused a connection: no new requests for {}s", replica.getServiceId(),
                    ReplicaLoad.replicaId(replica), EJECTION.toSeconds());
            load.eject(replica, EJECTION);
        }
    }

    private void record(ServerWebExchange exchange, ServiceInstance replica, long nanos) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        List<String> tags = List.of(route == null ? "none" : route.getId(), ReplicaLoad.replicaId(replica),
                status == null ? "none" : String.valueOf(status.value()));
        timers.computeIfAbsent(tags, key -> Timer.builder("lab.gateway.replica.requests")
                        .description("Requests the gateway sent to one replica, by outcome")
                        .tag("route", key.get(0))
                        .tag("replica", key.get(1))
                        .tag("status", key.get(2))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
