package dev.concurrencylab.core.config;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

import dev.concurrencylab.core.problem.Problems;
import dev.concurrencylab.core.products.ProductResource;
import dev.concurrencylab.core.runtime.InFlightRequests;
import dev.concurrencylab.core.runtime.ReplicaInfoContributor;
import dev.concurrencylab.core.runtime.Variant;
import dev.concurrencylab.core.runtime.WhoAmIResource;
import dev.concurrencylab.core.users.RecommendationResource;
import dev.concurrencylab.core.work.CpuBurner;
import dev.concurrencylab.core.work.WorkResource;
import dev.concurrencylab.core.web.reactive.DecodingFailureProblems;
import dev.concurrencylab.core.web.reactive.InFlightWebFilter;
import dev.concurrencylab.core.web.reactive.MalformedUriRoute;
import dev.concurrencylab.core.web.reactive.ReactiveProblemAdvice;
import dev.concurrencylab.core.web.servlet.InFlightServletFilter;
import dev.concurrencylab.core.web.servlet.ProblemErrorReportValve;
import dev.concurrencylab.core.web.servlet.ServletProblemAdvice;

/**
 * Everything a lab app has in common, wired once. An app adds only what is its concurrency model:
 * a {@link Variant} bean, its controllers and its downstream client. The workload beans are lazy:
 * downstream and the gateway never use them, so they cost those apps nothing at start-up (no CPU
 * calibration, no payload template).
 */
@AutoConfiguration
@EnableConfigurationProperties(LabProperties.class)
public class LabAutoConfiguration {

    @Bean
    @Lazy
    CpuBurner cpuBurner() {
        return new CpuBurner();
    }

    @Bean
    InFlightRequests inFlightRequests() {
        return new InFlightRequests();
    }

    @Bean
    Problems problems() {
        return new Problems();
    }

    @Bean
    @Lazy
    ProductResource productResource(LabProperties properties) {
        return new ProductResource(properties);
    }

    @Bean
    @Lazy
    RecommendationResource recommendationResource(LabProperties properties, CpuBurner cpuBurner) {
        return new RecommendationResource(properties, cpuBurner);
    }

    @Bean
    @Lazy
    WorkResource workResource(LabProperties properties, CpuBurner cpuBurner) {
        return new WorkResource(properties.limits(), cpuBurner);
    }

    @Bean
    WhoAmIResource whoAmIResource(Variant variant, LabProperties properties, InFlightRequests inFlight) {
        return new WhoAmIResource(variant, properties.instanceId(), inFlight);
    }

    @Bean
    ReplicaInfoContributor replicaInfoContributor(Variant variant, LabProperties properties) {
        return new ReplicaInfoContributor(variant, properties.instanceId());
    }

    /** Every meter of this process carries {@code variant} and {@code instance}. */
    @Bean
    MeterFilter replicaTags(Variant variant, LabProperties properties) {
        return MeterFilter.commonTags(Tags.of(
                "variant", variant.name(), "instance", properties.instanceId()));
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

        /**
         * Off in the gateway ({@code lab.problems.controller-advice=false}): there WebFlux would
         * hand the proxy's own failures to controller advice too, and the gateway answers those
         * with problems that name the route.
         */
        @Bean
        @ConditionalOnProperty(name = "lab.problems.controller-advice", havingValue = "true", matchIfMissing = true)
        ReactiveProblemAdvice reactiveProblemAdvice(Problems problems) {
            return new ReactiveProblemAdvice(problems);
        }

        @Bean
        MalformedUriRoute malformedUriRoute() {
            return new MalformedUriRoute();
        }

        @Bean
        DecodingFailureProblems decodingFailureProblems() {
            return new DecodingFailureProblems();
        }

        @Bean
        InFlightWebFilter inFlightWebFilter(InFlightRequests inFlight,
                @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
            return new InFlightWebFilter(inFlight, actuatorBasePath);
        }
    }
}
