package dev.concurrencylab.downstream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.concurrencylab.common.runtime.Variant;

/**
 * The slow dependency the services call for real network I/O. It waits with {@code Mono.delay}
 * on Netty's event loop, so thousands of concurrent waits cost it almost nothing and the
 * services, not downstream, are what the lab measures.
 */
@SpringBootApplication
public class DownstreamApplication {

    public static void main(String[] args) {
        SpringApplication.run(DownstreamApplication.class, args);
    }

    @Bean
    Variant variant() {
        return new Variant("downstream", "event loop (Netty); waits with Mono.delay, never blocks");
    }
}
