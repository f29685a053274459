package dev.concurrencylab.core.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.core.products.ProductResource;
import dev.concurrencylab.core.slowdown.Slowdown;
import dev.concurrencylab.core.slowdown.SlowdownEndpoint;
import dev.concurrencylab.core.users.RecommendationResource;
import dev.concurrencylab.core.work.CpuBurner;
import dev.concurrencylab.core.work.CpuWorkers;
import dev.concurrencylab.core.web.reactive.SlowdownWebFilter;
import dev.concurrencylab.core.web.servlet.SlowdownServletFilter;
import dev.concurrencylab.core.work.WorkResource;

/**
 * The workload every variant serves, written once: products, recommendations and work. A variant
 * imports it and binds it to HTTP in its own concurrency model;
 * downstream and the gateway never do, so they never calibrate a CPU burner or build payloads.
 * The slowdown the lab's {@code slow} events set is here too: it slows a variant's replica only.
 */
@Configuration(proxyBeanMethods = false)
public class WorkloadConfiguration {

    @Bean
    CpuBurner cpuBurner() {
        return new CpuBurner();
    }

    @Bean
    ProductResource productResource(LabProperties properties) {
        return new ProductResource(properties);
    }

    @Bean
    RecommendationResource recommendationResource(LabProperties properties, CpuBurner cpuBurner) {
        return new RecommendationResource(properties, cpuBurner);
    }

    @Bean
    CpuWorkers cpuWorkers(CpuBurner cpuBurner) {
        return new CpuWorkers(cpuBurner);
    }

    @Bean
    WorkResource workResource(LabProperties properties, CpuBurner cpuBurner, CpuWorkers cpuWorkers) {
        return new WorkResource(properties.limits(), cpuBurner, cpuWorkers);
    }

    @Bean
    Slowdown slowdown(MeterRegistry registry) {
        Slowdown slowdown = new Slowdown();
        Gauge.builder("lab.slowdown", slowdown, set -> set.extra().toNanos() / 1e9).baseUnit("seconds")
                .description("The extra wait this replica adds to every request (a slow event of the lab), 0 when healthy")
                .register(registry);
        return slowdown;
    }

    @Bean
    SlowdownEndpoint slowdownEndpoint(Slowdown slowdown, LabProperties properties) {
        return new SlowdownEndpoint(slowdown, properties.limits().maxIo());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ServletSlowdown {

        @Bean
        SlowdownServletFilter slowdownServletFilter(Slowdown slowdown) {
            return new SlowdownServletFilter(slowdown);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveSlowdown {

        @Bean
        SlowdownWebFilter slowdownWebFilter(Slowdown slowdown,
                @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
            return new SlowdownWebFilter(slowdown, actuatorBasePath);
        }
    }
}
