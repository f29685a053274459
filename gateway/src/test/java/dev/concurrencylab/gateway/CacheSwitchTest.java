package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.concurrencylab.gateway.TestOrigin.Answer;

/**
 * The global switch, set the way the harness, compose and kustomize set it: the environment
 * variable {@code LAB_GATEWAY_CACHE_ENABLED=false} (relaxed binding of
 * {@code lab.gateway.cache.enabled}). Every route's cache is then off: responses pass through
 * unchanged, marked {@code X-Cache: BYPASS}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = CacheSwitchTest.Environment.class)
class CacheSwitchTest {

    private static final TestOrigin ORIGIN = new TestOrigin(TestClock.SHARED);

    /** Adds the variable as the process environment would, ahead of application.properties. */
    static class Environment implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addAfter(
                    StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource("test-environment", Map.of("LAB_GATEWAY_CACHE_ENABLED", "false")));
        }
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        ORIGIN.cachedRoute(registry, "s", "5s");
    }

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    @AfterAll
    static void stopOrigin() {
        ORIGIN.close();
    }

    @Test
    void withTheCacheOffEveryResponsePassesThroughUnchangedMarkedBypass() {
        ORIGIN.on("/products/1", Answer.ok("p1", "Cache-Control", "public, max-age=60", "ETag", "\"p\""));
        Client client = new Client(port);

        HttpResponse<String> first = client.get("/s/products/1");
        HttpResponse<String> second = client.get("/s/products/1");
        HttpResponse<String> conditional = client.get("/s/products/1", "If-None-Match", "\"p\"");

        for (HttpResponse<String> response : new HttpResponse[] {first, second}) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("p1");
            assertThat(response.headers().firstValue("X-Cache")).hasValue("BYPASS");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
            assertThat(response.headers().firstValue("ETag")).hasValue("\"p\"");
            assertThat(response.headers().firstValue("Age")).isEmpty();
        }
        assertThat(conditional.statusCode()).as("the origin's own 304").isEqualTo(304);
        assertThat(ORIGIN.requests("/products/1")).isEqualTo(3);
        assertThat(new Client(managementPort).get("/actuator/labcache").body()).contains("\"enabled\":false");
    }
}
