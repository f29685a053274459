package dev.concurrencylab.core.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.core.products.ProductResource;
import dev.concurrencylab.core.users.RecommendationResource;
import dev.concurrencylab.core.work.CpuBurner;
import dev.concurrencylab.core.work.CpuWorkers;
import dev.concurrencylab.core.work.WorkResource;

/**
 * The workload every variant serves, written once: products, recommendations and work. A variant
 * imports it and binds it to HTTP in its own concurrency model;
 * downstream and the gateway never do, so they never calibrate a CPU burner or build payloads.
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
}
