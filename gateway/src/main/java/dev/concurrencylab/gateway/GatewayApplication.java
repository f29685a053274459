package dev.concurrencylab.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import reactor.netty.resources.LoopResources;

import dev.concurrencylab.common.runtime.Variant;
import dev.concurrencylab.gateway.balancing.BalancingConfiguration;
import dev.concurrencylab.gateway.cache.CacheConfiguration;
import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.discovery.DiscoveryConfiguration;
import dev.concurrencylab.gateway.resilience.ResilienceConfiguration;
import dev.concurrencylab.gateway.routing.RoutingConfiguration;
import dev.concurrencylab.gateway.server.ServerConfiguration;

/**
 * The gateway in front of every variant's replicas. Its data path is Reactor Netty's server and
 * client directly (package {@code server}, {@code proxy}); Spring Boot wires it, runs its
 * lifecycle and serves the actuator on the management port. Each concern is a room of its own
 * that this class imports: routes, discovery, balancing, protection, cache, the server.
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
@Import({RoutingConfiguration.class, DiscoveryConfiguration.class, BalancingConfiguration.class,
        ResilienceConfiguration.class, CacheConfiguration.class, ServerConfiguration.class})
public class GatewayApplication {

    public static void main(String[] args) {
        EventLoops.onePerProcessorUnlessConfigured();
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    Variant variant() {
        return new Variant("gateway", "event loop (Netty; loops: %d, processors: %d; proxies without blocking)"
                .formatted(LoopResources.DEFAULT_IO_WORKER_COUNT, Runtime.getRuntime().availableProcessors()));
    }
}
