package dev.concurrencylab.gateway.cache;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.gateway.config.GatewayProperties;

/** The one response cache, the cache stages of the routes, and {@code /actuator/labcache}. */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

    /** A {@link Clock} bean, if any, is the cache's time (tests move it). */
    @Bean
    ResponseCache responseCache(GatewayProperties properties, ObjectProvider<Clock> clock, MeterRegistry meters) {
        return new ResponseCache(properties.cache(), clock.getIfAvailable(Clock::systemUTC), meters);
    }

    @Bean
    HttpCaches httpCaches(ResponseCache cache, MeterRegistry meters) {
        return new HttpCaches(cache, meters);
    }

    @Bean
    LabCacheEndpoint labCacheEndpoint(ResponseCache cache) {
        return new LabCacheEndpoint(cache);
    }
}
