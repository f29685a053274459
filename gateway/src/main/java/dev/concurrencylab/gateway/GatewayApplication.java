package dev.concurrencylab.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;

import reactor.netty.resources.LoopResources;

import dev.concurrencylab.core.runtime.Variant;
import dev.concurrencylab.gateway.balancing.ReplicaBalancingConfiguration;
import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * The gateway in front of every variant's replicas (Spring Cloud Gateway on WebFlux): routes,
 * discovery, balancing and protection, each a component of its own in this module.
 */
@SpringBootApplication
@EnableConfigurationProperties(GatewayProperties.class)
@LoadBalancerClients(defaultConfiguration = ReplicaBalancingConfiguration.class)
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
