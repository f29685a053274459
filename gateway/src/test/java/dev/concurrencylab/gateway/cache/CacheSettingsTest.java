package dev.concurrencylab.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.concurrencylab.gateway.config.GatewayProperties;

/** Bad cache settings stop the gateway at start with a message naming the setting and the value. */
class CacheSettingsTest {

    @Test
    void aRouteConfigOutOfRangeIsRejectedNamingTheRouteAndValue() {
        HttpCacheGatewayFilterFactory.Config negativeTtl = new HttpCacheGatewayFilterFactory.Config()
                .setDefaultTtl(Duration.ofSeconds(-5));
        negativeTtl.setRouteId("shop");
        HttpCacheGatewayFilterFactory.Config relativePath = new HttpCacheGatewayFilterFactory.Config()
                .setPaths(List.of("products/**"));
        relativePath.setRouteId("shop");

        assertThatIllegalArgumentException().isThrownBy(negativeTtl::validate)
                .withMessageContaining("route shop").withMessageContaining("default-ttl").withMessageContaining("PT-5S");
        assertThatIllegalArgumentException().isThrownBy(relativePath::validate)
                .withMessageContaining("paths").withMessageContaining("products/**");
        assertThat(new HttpCacheGatewayFilterFactory.Config().setPaths(List.of("/mvc/products/**")).validate()).isNotNull();
    }

    @Test
    void theSharedCacheBoundsMustBeConsistent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GatewayProperties.Cache(true, DataSize.ofMegabytes(1), DataSize.ofMegabytes(2),
                        Duration.ofSeconds(5), Duration.ofHours(1)))
                .withMessageContaining("max-entry-bytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GatewayProperties.Cache(true, DataSize.ofMegabytes(1), DataSize.ofKilobytes(1),
                        Duration.ofSeconds(-1), Duration.ofHours(1)))
                .withMessageContaining("coalesce-timeout");
    }

    @Test
    void cacheControlDirectivesAreParsedWithQuotesAndInvalidDeltas() {
        Directives directives = Directives.parse(List.of("private=\"a, b\", max-age=abc, S-MAXAGE=7", "max-stale"));

        assertThat(directives.isPrivate()).isTrue();
        assertThat(directives.maxAge()).as("an invalid delta is stale, not absent").isZero();
        assertThat(directives.sMaxAge()).isEqualTo(7);
        assertThat(directives.maxStale()).isEqualTo(Directives.ANY);
        assertThat(directives.forbidsStale()).isTrue();
    }

    @Test
    void theKeyNormalisesSchemeHostDefaultPortAndQueryOrder() {
        assertThat(CacheKeys.primary(java.net.URI.create("HTTP://Example.org:80/a/b?z=1&a=2&")))
                .isEqualTo("GET http://example.org/a/b?a=2&z=1");
        assertThat(CacheKeys.path("GET http://h:8080/mvc/products/1?x=1")).isEqualTo("/mvc/products/1");
    }
}
