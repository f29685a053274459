package dev.concurrencylab.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import reactor.netty.resources.LoopResources;

import dev.concurrencylab.common.runtime.Variant;
import dev.concurrencylab.core.config.WorkloadConfiguration;

/** The service on reactive Spring WebFlux: a few Netty event-loop threads serve every request. */
@SpringBootApplication
@Import(WorkloadConfiguration.class)
public class WebfluxServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebfluxServiceApplication.class, args);
    }

    @Bean
    Variant variant() {
        return new Variant("webflux", "event loop (Netty, %d threads; never blocks)"
                .formatted(LoopResources.DEFAULT_IO_WORKER_COUNT));
    }
}
