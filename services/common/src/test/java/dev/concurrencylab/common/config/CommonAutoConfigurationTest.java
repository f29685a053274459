package dev.concurrencylab.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.common.netty.DecodingFailureProblems;
import dev.concurrencylab.common.netty.MalformedUriRoute;
import dev.concurrencylab.common.runtime.InFlightRequests;
import dev.concurrencylab.common.runtime.ReplicaInfoContributor;
import dev.concurrencylab.common.runtime.Variant;

/** What an app gets from lab-common by declaring its Variant: identity in info and on every meter, the in-flight gauge. */
class CommonAutoConfigurationTest {

    private final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CommonAutoConfiguration.class))
            .withUserConfiguration(AnApp.class)
            .withPropertyValues("lab.instance-id=replica-7");

    @Test
    void everyMeterCarriesTheVariantAndTheReplica() {
        app.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            registry.config().meterFilter(context.getBean("replicaTags", MeterFilter.class));
            context.getBean(InFlightRequests.class).bindTo(registry);

            assertThat(registry.get("lab.requests.inflight").tag("variant", "test").tag("instance", "replica-7").gauge().value())
                    .isZero();
        });
    }

    @Test
    void infoNamesTheVariantItsThreadingModelTheReplicaAndItsJvmFlags() {
        app.run(context -> {
            Info.Builder info = new Info.Builder();
            context.getBean(ReplicaInfoContributor.class).contribute(info);

            assertThat(info.build().getDetails()).containsEntry("lab",
                    Map.of("variant", "test", "threadingModel", "none at all", "instance", "replica-7",
                            "jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments()));
            assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).as("surefire's argLine")
                    .contains("--sun-misc-unsafe-memory-access=allow");
        });
    }

    @Test
    void onlyAReactiveAppGetsTheNettyServersProblemAnswers() {
        app.run(context -> assertThat(context).doesNotHaveBean(MalformedUriRoute.class)
                .doesNotHaveBean(DecodingFailureProblems.class));
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CommonAutoConfiguration.class))
                .withUserConfiguration(AnApp.class)
                .withPropertyValues("lab.instance-id=replica-7")
                .run(context -> assertThat(context).hasSingleBean(MalformedUriRoute.class)
                        .hasSingleBean(DecodingFailureProblems.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class AnApp {

        @Bean
        Variant variant() {
            return new Variant("test", "none at all");
        }
    }
}
