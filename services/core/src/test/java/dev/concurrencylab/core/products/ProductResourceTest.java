package dev.concurrencylab.core.products;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.ResponseEntity;

import dev.concurrencylab.core.config.LabProperties;
import dev.concurrencylab.core.downstream.Inventory;
import dev.concurrencylab.core.problem.NotFoundException;

class ProductResourceTest {

    private final LabProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of("lab.instance-id", "test")))
            .bindOrCreate("lab", Bindable.of(LabProperties.class));
    private final ProductResource products = new ProductResource(defaults);

    @Test
    void theSameProductGivesTheSameBodyAndETagEveryTime() {
        ProductRequest request = products.request("42", Map.of());

        ResponseEntity<Product> first = products.respond(request, new Inventory(42, 32998, 302));
        ResponseEntity<Product> second = products.respond(products.request("42", Map.of()), new Inventory(42, 32998, 302));

        assertThat(second.getBody()).isEqualTo(first.getBody());
        assertThat(second.getHeaders().getETag()).isEqualTo(first.getHeaders().getETag()).matches("\"[0-9a-f]{8}\"");
        assertThat(first.getHeaders().getCacheControl()).isEqualTo("max-age=60, public");
    }

    @Test
    void aChangeOfStockChangesTheETag() {
        ProductRequest request = products.request("42", Map.of());

        assertThat(products.respond(request, new Inventory(42, 32998, 301)).getHeaders().getETag())
                .isNotEqualTo(products.respond(request, new Inventory(42, 32998, 302)).getHeaders().getETag());
    }

    @Test
    void latencyDefaultsToTheConfiguredOneAndMayBeAskedFor() {
        assertThat(products.request("1", Map.of()).latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(products.request("1", Map.of("latency", List.of("5ms"))).latency()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void aWellFormedIdBeyondTheCatalogIsNotFound() {
        assertThat(products.request("100000", Map.of()).productId()).isEqualTo(100000);
        assertThatThrownBy(() -> products.request("100001", Map.of()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("1..100000");
    }
}
