package dev.concurrencylab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void aPathIsItsTemplateWithoutQueryAndWithIdsWrittenId() {
        assertThat(Endpoints.template("/webflux/products/17?latency=50ms")).isEqualTo("/webflux/products/{id}");
        assertThat(Endpoints.template("/mvc/users/5/recommendations?latency=1s")).isEqualTo("/mvc/users/{id}/recommendations");
        assertThat(Endpoints.template("/virtual/work?io=1ms&cpu=0ms")).isEqualTo("/virtual/work");
        assertThat(Endpoints.template("/")).isEqualTo("/");
    }

    @Test
    void eachEndpointKeepsItsOwnLatenciesAndTheirNumberIsBounded() {
        Endpoints endpoints = new Endpoints(TimeUnit.MINUTES.toNanos(1));
        endpoints.record("/a/products/1", 1_000_000);
        endpoints.record("/a/products/2", 3_000_000);
        endpoints.record("/a/work?io=1ms", 50_000_000);
        for (int i = 0; i < 2 * Endpoints.MAX_ENDPOINTS; i++) {
            endpoints.record("/kind-" + i, 1_000);
        }

        assertThat(endpoints.latencies().get("/a/products/{id}").getTotalCount()).isEqualTo(2);
        assertThat(endpoints.latencies().get("/a/work").getMaxValue()).isGreaterThanOrEqualTo(49_000_000);
        assertThat(endpoints.latencies()).hasSize(Endpoints.MAX_ENDPOINTS + 1).containsKey(Endpoints.OTHER);
    }
}
