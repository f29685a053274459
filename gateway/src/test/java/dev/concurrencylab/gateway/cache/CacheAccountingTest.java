package dev.concurrencylab.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import dev.concurrencylab.gateway.config.GatewayProperties;

/** What the HTTP-level tests cannot see: the bytes an entry is charged, and which URIs share an origin. */
class CacheAccountingTest {

    private final CachePolicy policy = new CachePolicy(null, null, null, Duration.ofDays(1), List.of());
    private static final CacheKey KEY = CacheKey.primary("h", "/p", null);
    private final CacheMeters meters = new CacheMeters("accounting", new SimpleMeterRegistry());

    @Test
    void aVariantIsChargedForItsSecondaryKey() {
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl("max-age=60");
        headers.set(HttpHeaders.VARY, "User-Agent");
        byte[] body = new byte[100];
        String secondary = "user-agent=" + "x".repeat(8_000) + ";";

        CachedResponse plain = CachedResponse.of(meters, policy, 200, headers, body, List.of("user-agent"), "", 0, 0);
        CachedResponse variant = CachedResponse.of(meters, policy, 200, headers, body, List.of("user-agent"), secondary, 0, 0);

        assertThat(variant.weight(KEY) - plain.weight(KEY)).isGreaterThanOrEqualTo(2 * secondary.length());
    }

    @Test
    void bodiesStreamingInCountTowardTheByteBoundAndEvictStoredOnes() {
        var settings = new GatewayProperties.Cache(true, org.springframework.util.unit.DataSize.ofKilobytes(100),
                org.springframework.util.unit.DataSize.ofKilobytes(60), Duration.ofSeconds(1), Duration.ofHours(1), List.of());
        ResponseCache cache = new ResponseCache(settings, java.time.Clock.systemUTC(), new SimpleMeterRegistry());
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl("max-age=60");
        CacheKey stored = CacheKey.primary("h", "/stored", null);
        cache.put(stored, CachedResponse.of(meters, policy, 200, headers, new byte[50_000], List.of(), "", 0, 0), 0);

        assertThat(cache.reserve(60_000)).as("room is made").isTrue();
        assertThat(cache.bytes()).as("held bytes count, and the bound holds").isBetween(60_000L, 100L * 1024);
        assertThat(cache.contains(stored)).as("evicted to make room for the body streaming in").isFalse();
        assertThat(cache.reserve(50_000)).as("beyond the bound: not held").isFalse();
        cache.release(60_000);
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void aDefaultPortWrittenOutOrLeftOutIsOneOrigin() {
        assertThat(origin("http://Shop.example:80/a")).isEqualTo(origin("http://shop.example/b"));
        assertThat(origin("https://shop.example:443/a")).isEqualTo(origin("https://shop.example/"));
        assertThat(origin("http://shop.example:8080/a")).isNotEqualTo(origin("http://shop.example/a"));
        assertThat(origin("https://shop.example/a")).isNotEqualTo(origin("http://shop.example/a"));
        assertThat(CacheKey.primary("Shop.example:80", "/a", null).origin()).isEqualTo(origin("http://shop.example/b"));
    }

    private static String origin(String uri) {
        return CacheKey.primary(URI.create(uri)).origin();
    }
}
