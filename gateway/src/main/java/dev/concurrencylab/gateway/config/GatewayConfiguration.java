package dev.concurrencylab.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.gateway.balancing.ReplicaLoad;
import dev.concurrencylab.gateway.balancing.ReplicaTrackingFilter;
import dev.concurrencylab.gateway.cache.CacheHitWebFilter;
import dev.concurrencylab.gateway.cache.HttpCacheGatewayFilterFactory;
import dev.concurrencylab.gateway.cache.LabCacheEndpoint;
import dev.concurrencylab.gateway.cache.ResponseCache;
import dev.concurrencylab.gateway.headers.AllowedMethodsFilter;
import dev.concurrencylab.gateway.headers.ConnectionOptionsFilter;
import dev.concurrencylab.gateway.headers.RequestIdFilter;
import dev.concurrencylab.gateway.problem.GatewayProblemHandler;
import dev.concurrencylab.gateway.resilience.RouteProtection;
import dev.concurrencylab.gateway.routing.LabRouteLocator;

/** Wires the gateway's components; each lives in its own package with its reasons. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    ReplicaLoad replicaLoad(MeterRegistry meters) {
        return new ReplicaLoad(meters, Clock.systemUTC());
    }

    @Bean
    ReplicaTrackingFilter replicaTrackingFilter(ReplicaLoad load, MeterRegistry meters, GatewayProperties properties) {
        return new ReplicaTrackingFilter(load, meters, properties.servedByHeader());
    }

    /**
     * How long an upstream may send nothing while its response is read: a second more than the
     * longest route time limit. The time limits end at a response's headers (Spring Cloud Gateway
     * writes the body after the route's filters are done), so without this an upstream that stalls
     * in the middle of its body would hold the request forever; longer than every limit, so the
     * limits still decide before the headers.
     */
    @Bean
    HttpClientCustomizer idleUpstreamReadTimeout(GatewayProperties properties) {
        Duration idle = properties.routes().values().stream()
                .map(GatewayProperties.Route::timeout)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(Duration.ofSeconds(15))
                .plusSeconds(1);
        return client -> client.responseTimeout(idle);
    }

    @Bean
    ConnectionOptionsFilter connectionOptionsFilter() {
        return new ConnectionOptionsFilter();
    }

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    AllowedMethodsFilter allowedMethodsFilter() {
        return new AllowedMethodsFilter();
    }

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    BulkheadRegistry bulkheadRegistry(MeterRegistry meters) {
        BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
        return registry;
    }

    /** The one response cache; a {@link Clock} bean, if any, is its time (tests move it). */
    @Bean
    ResponseCache responseCache(GatewayProperties properties, ObjectProvider<Clock> clock, MeterRegistry meters) {
        return new ResponseCache(properties.cache(), clock.getIfAvailable(Clock::systemUTC), meters);
    }

    /** {@code HttpCache} for routes of Spring Cloud Gateway's own configuration, and the lab's. */
    @Bean
    HttpCacheGatewayFilterFactory httpCacheGatewayFilterFactory(ResponseCache cache, MeterRegistry meters) {
        return new HttpCacheGatewayFilterFactory(cache, meters);
    }

    /** Plain fresh hits answered before route lookup (the routes' cache filters apply every other rule). */
    @Bean
    CacheHitWebFilter cacheHitWebFilter(ResponseCache cache) {
        return new CacheHitWebFilter(cache);
    }

    @Bean
    LabCacheEndpoint labCacheEndpoint(ResponseCache cache) {
        return new LabCacheEndpoint(cache);
    }

    @Bean
    LabRouteLocator labRouteLocator(RouteLocatorBuilder builder, GatewayProperties properties,
            CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, MeterRegistry meters,
            HttpCacheGatewayFilterFactory cache) {
        return new LabRouteLocator(builder, properties, new RouteProtection(circuitBreakers, bulkheads, meters, cache));
    }

    @Bean
    GatewayProblemHandler gatewayProblemHandler(GatewayProperties properties, JsonMapper json) {
        return new GatewayProblemHandler(properties, json);
    }
}
