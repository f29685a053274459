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
        var negativeTtl = new GatewayProperties.RouteCache(true, List.of(), Duration.ofSeconds(-5), null, null);
        var relativePath = new GatewayProperties.RouteCache(true, List.of("products/**"), null, null, null);

        assertThatIllegalArgumentException().isThrownBy(() -> HttpCaches.validate("shop", negativeTtl))
                .withMessageContaining("routes.shop").withMessageContaining("default-ttl").withMessageContaining("PT-5S");
        assertThatIllegalArgumentException().isThrownBy(() -> HttpCaches.validate("shop", relativePath))
                .withMessageContaining("paths").withMessageContaining("products/**");
        assertThat(HttpCaches.validate("shop", new GatewayProperties.RouteCache(true, List.of("/mvc/products/**"), null, null, null)))
                .isNotNull();
    }

    @Test
    void theSharedCacheBoundsMustBeConsistent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GatewayProperties.Cache(true, DataSize.ofMegabytes(1), DataSize.ofMegabytes(2),
                        Duration.ofSeconds(5), Duration.ofHours(1), List.of()))
                .withMessageContaining("max-entry-bytes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GatewayProperties.Cache(true, DataSize.ofMegabytes(1), DataSize.ofKilobytes(1),
                        Duration.ofSeconds(-1), Duration.ofHours(1), List.of()))
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
        assertThat(CacheKey.primary(java.net.URI.create("HTTP://Example.org:80/a/b?z=1&a=2&")))
                .hasToString("GET http://example.org/a/b?a=2&z=1")
                .isEqualTo(CacheKey.primary("example.ORG", "/a/b", "a=2&z=1"));
        assertThat(CacheKey.primary("h:8080", "/mvc/products/1", "x=1").path()).isEqualTo("/mvc/products/1");
        assertThat(CacheKey.primary("h", "/p", "s=2&s=1")).as("a repeated name keeps its order")
                .isNotEqualTo(CacheKey.primary("h", "/p", "s=1&s=2"));
    }

    @Test
    void httpDatesAreReadStrictly() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(784111777000L);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(784111777000L);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(784111777000L);
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 +0000")).as("an offset instead of GMT").isEqualTo(-1);
        assertThat(HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT")).as("the wrong weekday").isEqualTo(-1);
        assertThat(HttpDates.parse("6 Nov 1994 08:49:37 GMT")).as("no weekday").isEqualTo(-1);
        assertThat(HttpDates.parse("Sun, 6 Nov 1994 08:49:37 GMT")).as("a one-digit day, as the JDK writes it").isEqualTo(784111777000L);
        assertThat(HttpDates.parse("0")).isEqualTo(-1);
    }

    @Test
    void ofAnAgeListOnlyTheFirstMemberCountsAndAnInvalidAgeIsIgnored() {
        assertThat(CachedResponse.ageOf(headers("Age", "60, 5"))).isEqualTo(60);
        assertThat(CachedResponse.ageOf(headers("Age", "-5"))).isZero();
        assertThat(CachedResponse.ageOf(headers("Age", "1.5"))).isZero();
    }

    @Test
    void aTargetedFieldReplacesCacheControlForThisCache() {
        var response = headers("Cache-Control", "no-store");
        response.set("CDN-Cache-Control", "max-age=60");

        Directives targeted = Directives.ofResponse(response, List.of("CDN-Cache-Control"));

        assertThat(targeted.noStore()).isFalse();
        assertThat(targeted.maxAge()).isEqualTo(60);
        assertThat(targeted.targeted()).isTrue();
        assertThat(Directives.ofResponse(response, List.of()).noStore()).as("no targets: Cache-Control").isTrue();
    }

    private static org.springframework.http.HttpHeaders headers(String name, String value) {
        var headers = new org.springframework.http.HttpHeaders();
        headers.set(name, value);
        return headers;
    }
}
