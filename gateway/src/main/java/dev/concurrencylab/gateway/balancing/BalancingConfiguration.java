package dev.concurrencylab.gateway.balancing;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.gateway.discovery.ReplicaDirectory;

/** What the balancers know about replicas: one {@link ReplicaLoad}, which forgets replicas discovery dropped. */
@Configuration(proxyBeanMethods = false)
public class BalancingConfiguration {

    @Bean
    ReplicaLoad replicaLoad(MeterRegistry meters, ReplicaDirectory directory) {
        ReplicaLoad load = new ReplicaLoad(meters, Clock.systemUTC());
        directory.onChange(load::retain);
        return load;
    }
}
