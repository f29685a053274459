package dev.concurrencylab.common.config;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.common.netty.DecodingFailureProblems;
import dev.concurrencylab.common.netty.MalformedUriRoute;
import dev.concurrencylab.common.runtime.InFlightRequests;
import dev.concurrencylab.common.runtime.ReplicaIdentity;
import dev.concurrencylab.common.runtime.ReplicaInfoContributor;
import dev.concurrencylab.common.runtime.Variant;

/**
 * What every lab app shares, the gateway included, wired once: the in-flight gauge, the
 * {@code variant} and {@code instance} tags on every meter, the replica in {@code info}, and, on a
 * Reactor Netty server, problem+json for requests the server rejects before any application code
 * runs. An app adds its {@link Variant} bean; the defaults (ports, actuator, histograms, a log
 * pattern naming the replica) come from {@code lab-defaults.properties}.
 */
@AutoConfiguration
@EnableConfigurationProperties(ReplicaIdentity.class)
public class CommonAutoConfiguration {

    @Bean
    InFlightRequests inFlightRequests() {
        return new InFlightRequests();
    }

    @Bean
    ReplicaInfoContributor replicaInfoContributor(Variant variant, ReplicaIdentity replica) {
        return new ReplicaInfoContributor(variant, replica.instanceId());
    }

    /** Every meter of this process carries {@code variant} and {@code instance}. */
    @Bean
    MeterFilter replicaTags(Variant variant, ReplicaIdentity replica) {
        return MeterFilter.commonTags(Tags.of("variant", variant.name(), "instance", replica.instanceId()));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(NettyRouteProvider.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class NettyProblems {

        @Bean
        MalformedUriRoute malformedUriRoute() {
            return new MalformedUriRoute();
        }

        @Bean
        DecodingFailureProblems decodingFailureProblems() {
            return new DecodingFailureProblems();
        }
    }
}
