package dev.concurrencylab.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.concurrencylab.common.runtime.Variant;
import dev.concurrencylab.core.config.WorkloadConfiguration;

/**
 * The service on blocking Spring MVC. Run plainly it is {@code mvc} (a platform thread per
 * request from Tomcat's pool); with {@code spring.threads.virtual.enabled=true} (the
 * {@code virtual} profile) it is {@code virtual}. The variant is read from the setting in force,
 * so the name can never disagree with the threads that actually run.
 */
@SpringBootApplication
@Import(WorkloadConfiguration.class)
public class MvcServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MvcServiceApplication.class, args);
    }

    @Bean
    Variant variant(Environment environment) {
        if (Threading.VIRTUAL.isActive(environment)) {
            return new Variant("virtual", "virtual thread per request (Tomcat, no thread pool limit)");
        }
        return new Variant("mvc", "platform thread per request (Tomcat pool of at most %s threads)"
                .formatted(environment.getProperty("server.tomcat.threads.max", "200")));
    }
}
