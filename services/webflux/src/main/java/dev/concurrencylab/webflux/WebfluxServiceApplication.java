package dev.concurrencylab.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import reactor.netty.resources.LoopResources;

import dev.concurrencylab.core.runtime.Variant;

/** The service on reactive Spring WebFlux: a few Netty event-loop threads serve every request. */
@SpringBootApplication
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
