package dev.concurrencylab.core.config;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.concurrencylab.common.runtime.InFlightRequests;
import dev.concurrencylab.common.runtime.ReplicaIdentity;
import dev.concurrencylab.common.runtime.Variant;
import dev.concurrencylab.core.problem.Problems;
import dev.concurrencylab.core.runtime.WhoAmIResource;
import dev.concurrencylab.core.web.reactive.EventLoopMeters;
import dev.concurrencylab.core.web.reactive.InFlightWebFilter;
import dev.concurrencylab.core.web.reactive.ReactiveProblemAdvice;
import dev.concurrencylab.core.web.servlet.InFlightServletFilter;
import dev.concurrencylab.core.web.servlet.ProblemErrorReportValve;
import dev.concurrencylab.core.web.servlet.ServletProblemAdvice;

/**
 * What every service (the variants and downstream) has in common beyond lab-common, wired once:
 * {@code /whoami}, its problem+json answers and in-flight counting, for servlet and for reactive
 * apps. The workload
 * itself ({@link WorkloadConfiguration}) only the variants import.
 */
@AutoConfiguration
@EnableConfigurationProperties(LabProperties.class)
public class LabAutoConfiguration {

    @Bean
    Problems problems() {
        return new Problems();
    }

    /** {@code /whoami}: every service answers which variant, replica and thread served it. */
    @Bean
    WhoAmIResource whoAmIResource(Variant variant, ReplicaIdentity replica, InFlightRequests inFlight) {
        return new WhoAmIResource(variant, replica.instanceId(), inFlight);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Import(ServletProblemAdvice.class)
    static class ServletGlue {

        @Bean
        InFlightServletFilter inFlightServletFilter(InFlightRequests inFlight) {
            return new InFlightServletFilter(inFlight);
        }

        /** Replaces Tomcat's HTML error report with problem+json (see ProblemErrorReportValve). */
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                }
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveGlue {

        @Bean
        ReactiveProblemAdvice reactiveProblemAdvice(Problems problems) {
            return new ReactiveProblemAdvice(problems);
        }

        @Bean
        InFlightWebFilter inFlightWebFilter(InFlightRequests inFlight,
                @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
            return new InFlightWebFilter(inFlight, actuatorBasePath);
        }

        @Bean
        EventLoopMeters eventLoopMeters(MeterRegistry registry) {
            return new EventLoopMeters(registry);
        }
    }
}
