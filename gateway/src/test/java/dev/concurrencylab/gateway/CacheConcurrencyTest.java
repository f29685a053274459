package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.concurrencylab.gateway.TestOrigin.Answer;
import dev.concurrencylab.gateway.cache.ResponseCache;

/**
 * The cache under concurrency, against a real origin: a thundering herd on one cold key goes
 * upstream once and every client gets the same bytes; a flood of unique keys never takes the
 * cache past its byte bound; private and authorized answers never reach another client; many
 * clients on a stale entry start one background refresh, on a no-cache entry share one
 * revalidation, and on a stale entry whose revalidation fails share its stale-if-error answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.GatewayClock.class)
class CacheConcurrencyTest {

    private static final TestClock CLOCK = TestClock.SHARED;
    private static final TestOrigin ORIGIN = new TestOrigin(CLOCK);
    private static final long MAX_BYTES = 64 * 1024;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("lab.gateway.cache.max-bytes", () -> MAX_BYTES + "B");
        registry.add("lab.gateway.cache.max-entry-bytes", () -> "8KB");
        registry.add("lab.gateway.cache.coalesce-timeout", () -> "30s");
        ORIGIN.cachedRoute(registry, "h", "30s");
    }

    @LocalServerPort
    private int port;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private ResponseCache cache;

    @AfterAll
    static void stopOrigin() {
        ORIGIN.close();
    }

    private double coalesced() {
        return meters.get("lab.cache.coalesced").tag("route", "h").counter().count();
    }

    @Test
    @DisplayName("Single flight: 200 concurrent requests on one cold key reach the upstream once and get identical bodies")
    void aThunderingHerdGoesUpstreamOnce() {
        int herd = 200;
        ORIGIN.on("/herd", request -> Answer.ok(UUID.randomUUID() + "x".repeat(2000), "Cache-Control", "max-age=60"));
        ORIGIN.hold("/herd");
        double before = coalesced();
        Client client = new Client(port);

        CompletableFuture<List<HttpResponse<String>>> responses =
                CompletableFuture.supplyAsync(() -> client.load(herd, herd, i -> client.get("/h/herd")));
        await().atMost(Duration.ofSeconds(30)).until(() -> coalesced() - before >= herd - 1);
        ORIGIN.release("/herd");
        List<HttpResponse<String>> all = responses.join();

        assertThat(ORIGIN.requests("/herd")).isEqualTo(1);
        assertThat(all).hasSize(herd).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        assertThat(all.stream().map(HttpResponse::body).distinct()).hasSize(1);
        assertThat(all.stream().map(response -> response.headers().firstValue("X-Cache").orElseThrow()))
                .containsOnly("MISS", "HIT").filteredOn("MISS"::equals).hasSize(1);
    }

    @Test
    @DisplayName("Single flight, RFC 9111 §5.2.2.4: many clients on one no-cache entry wait for one revalidation")
    void manyClientsOnANoCacheEntryShareOneRevalidation() {
        int clients = 50;
        ORIGIN.on("/checked", Answer.ok("v", "Cache-Control", "no-cache", "ETag", "\"c\""));
        cache.invalidateAll();
        Client client = new Client(port);
        client.get("/h/checked");
        ORIGIN.hold("/checked");
        double before = coalesced();

        CompletableFuture<List<HttpResponse<String>>> responses =
                CompletableFuture.supplyAsync(() -> client.load(clients, clients, i -> client.get("/h/checked")));
        await().atMost(Duration.ofSeconds(30)).until(() -> coalesced() - before >= clients - 1);
        // the revalidation is answered after every waiter arrived: it validates the entry for all of them
        CLOCK.advance(Duration.ofSeconds(1));
        ORIGIN.release("/checked");

        assertThat(responses.join()).hasSize(clients).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("v");
        });
        assertThat(ORIGIN.requests("/checked")).isEqualTo(2);
    }

    @Test
    @DisplayName("Single flight, RFC 5861 §4: when a revalidation meets an upstream error, its waiters get the stale-if-error copy without going upstream")
    void anOutageOnAStaleEntryCostsTheUpstreamOneRequest() {
        int clients = 50;
        ORIGIN.on("/flaky", Answer.ok("good", "Cache-Control", "max-age=10, stale-if-error=600"));
        cache.invalidateAll();
        Client client = new Client(port);
        client.get("/h/flaky");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/flaky", Answer.of(503, "down"));
        ORIGIN.hold("/flaky");
        double before = coalesced();

        CompletableFuture<List<HttpResponse<String>>> responses =
                CompletableFuture.supplyAsync(() -> client.load(clients, clients, i -> client.get("/h/flaky")));
        await().atMost(Duration.ofSeconds(30)).until(() -> coalesced() - before >= clients - 1);
        ORIGIN.release("/flaky");

        assertThat(responses.join()).hasSize(clients).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("good");
            assertThat(response.headers().firstValue("X-Cache")).hasValue("STALE");
        });
        assertThat(ORIGIN.requests("/flaky")).isEqualTo(2);
    }

    @Test
    @DisplayName("Byte bound: a flood of unique keys never takes bytes used past max-bytes")
    void aFloodOfUniqueKeysStaysWithinTheByteBound() {
        String body = "y".repeat(4000);
        for (int i = 0; i < 300; i++) {
            ORIGIN.on("/flood/" + i, Answer.ok(body, "Cache-Control", "max-age=600"));
        }
        AtomicLong largest = new AtomicLong();
        Client client = new Client(port);
        for (int i = 0; i < 100; i++) {
            assertThat(client.get("/h/flood/" + i).body()).isEqualTo(body);
            largest.accumulateAndGet(cache.bytes(), Math::max);
        }
        client.load(16, 200, i -> {
            HttpResponse<String> response = client.get("/h/flood/" + (100 + i));
            largest.accumulateAndGet(cache.bytes(), Math::max);
            return response;
        });

        assertThat(largest.get()).isPositive().isLessThanOrEqualTo(MAX_BYTES);
        assertThat(cache.bytes()).isLessThanOrEqualTo(MAX_BYTES);
        assertThat(meters.get("lab.cache.evictions").tag("route", "h").counter().count()).isPositive();
    }

    @Test
    @DisplayName("RFC 9111 §3, §3.5: under concurrency, private and authorized responses never reach another client")
    void privateAndAuthorizedResponsesNeverReachAnotherClient() {
        ORIGIN.on("/me", request -> Answer.ok("for " + request.requestHeaders().get("X-User"),
                "Cache-Control", "private, max-age=60"));
        ORIGIN.on("/orders", request -> Answer.ok("orders of " + request.requestHeaders().get("Authorization"),
                "Cache-Control", "max-age=60"));
        Client client = new Client(port);

        List<HttpResponse<String>> responses = client.load(20, 200, i -> i % 2 == 0
                ? client.get("/h/me", "X-User", "u" + i)
                : client.get("/h/orders", "Authorization", "Bearer u" + i));

        assertThat(responses).allSatisfy(response -> {
            String user = response.request().headers().firstValue("X-User")
                    .orElseGet(() -> response.request().headers().firstValue("Authorization").orElseThrow());
            assertThat(response.body()).endsWith(user);
            assertThat(response.headers().firstValue("X-Cache")).hasValue("MISS");
        });
        assertThat(ORIGIN.requests("/me") + ORIGIN.requests("/orders")).isEqualTo(200);
    }

    @Test
    @DisplayName("RFC 5861 §3: many clients on one stale entry get it at once, and one background refresh runs")
    void manyClientsOnAStaleEntryStartOneRefresh() {
        ORIGIN.on("/popular", Answer.ok("old", "Cache-Control", "max-age=10, stale-while-revalidate=600"));
        // room for the entry: another test fills the small cache, and a newcomer to a full
        // W-TinyLFU cache may be evicted at once (then the load below would wait on the held origin)
        cache.invalidateAll();
        Client client = new Client(port);
        client.get("/h/popular");
        assertThat(client.get("/h/popular").headers().firstValue("X-Cache")).hasValue("HIT");
        CLOCK.advance(Duration.ofSeconds(20));
        ORIGIN.on("/popular", Answer.ok("new", "Cache-Control", "max-age=10, stale-while-revalidate=600"));
        ORIGIN.hold("/popular");

        List<HttpResponse<String>> stale = client.load(50, 200, i -> client.get("/h/popular"));

        assertThat(stale).allSatisfy(response -> {
            assertThat(response.body()).isEqualTo("old");
            assertThat(response.headers().firstValue("X-Cache")).hasValue("STALE");
        });
        ORIGIN.release("/popular");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/h/popular").body().equals("new"));
        assertThat(ORIGIN.requests("/popular")).isEqualTo(2);
    }
}
