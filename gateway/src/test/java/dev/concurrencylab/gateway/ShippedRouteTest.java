package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The combination the lab ships on every variant's route — least-outstanding balancing, retries,
 * circuit breaker, concurrency limit and the cache on products — end to end over real replicas:
 * one story, in order, on one route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShippedRouteTest {

    private static final List<TestReplica> REPLICAS = List.of(
            TestReplica.start("s1"), TestReplica.start("s2"), TestReplica.start("s3"));

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        // the shipped route's settings (application.properties), with a breaker that decides in a few calls
        registry.add("lab.gateway.routes.shop.path", () -> "/shop");
        registry.add("lab.gateway.routes.shop.uri", () -> "lb://svc-shop");
        registry.add("lab.gateway.routes.shop.timeout", () -> "30s");
        registry.add("lab.gateway.routes.shop.attempt-timeout", () -> "13s");
        registry.add("lab.gateway.routes.shop.concurrency-limit", () -> "8");
        registry.add("lab.gateway.routes.shop.retry.budget-min-per-second", () -> "1000");
        registry.add("lab.gateway.routes.shop.circuit-breaker.minimum-calls", () -> "6");
        registry.add("lab.gateway.routes.shop.circuit-breaker.sliding-window-size", () -> "6");
        registry.add("lab.gateway.routes.shop.circuit-breaker.wait-in-open", () -> "1s");
        registry.add("lab.gateway.routes.shop.cache.enabled", () -> "true");
        registry.add("lab.gateway.routes.shop.cache.paths", () -> "/shop/products/**");
        for (int i = 0; i < REPLICAS.size(); i++) {
            int index = i;
            registry.add("lab.gateway.discovery.replicas.svc-shop[" + i + "]", () -> REPLICAS.get(index).uri());
        }
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(TestReplica::close);
    }

    @Test
    void hitsMissesAReplicaKilledMidLoadTheConcurrencyLimitAndABreakerOpeningAndClosing() throws Exception {
        Client client = new Client(port);

        // the cache: a miss, then hits that reach no replica; other paths pass by it
        HttpResponse<String> miss = client.get("/shop/products/1");
        assertThat(miss.headers().firstValue("X-Cache")).hasValue("MISS");
        long replicaRequests = totalRequests();
        assertThat(IntStream.range(0, 5).mapToObj(i -> client.get("/shop/products/1").headers().firstValue("X-Cache")))
                .allSatisfy(xCache -> assertThat(xCache).hasValue("HIT"));
        assertThat(totalRequests()).isEqualTo(replicaRequests);
        assertThat(client.get("/shop/cart").headers().firstValue("X-Cache")).hasValue("BYPASS");

        // a replica dies while 4 clients keep requests coming: every one is answered, and every one
        // sent after the kill by a live replica. The clients run until 90 such answers are in, so
        // the kill always lands mid-load however fast the machine answers.
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger answeredAfterKill = new AtomicInteger();
        Queue<HttpResponse<String>> answers = new ConcurrentLinkedQueue<>();
        Queue<HttpResponse<String>> sentAfterKill = new ConcurrentLinkedQueue<>();
        AtomicInteger nextPath = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> load = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.runAsync(() -> {
                        while (answeredAfterKill.get() < 90 && answered.get() < 20_000) {
                            boolean afterKill = killed.get();
                            HttpResponse<String> response = client.get("/shop/work/" + nextPath.incrementAndGet());
                            answers.add(response);
                            answered.incrementAndGet();
                            if (afterKill) {
                                sentAfterKill.add(response);
                                answeredAfterKill.incrementAndGet();
                            }
                        }
                    }, clients))
                    .toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() >= 30);
            REPLICAS.get(0).kill();
            killed.set(true);
            load.forEach(CompletableFuture::join);
            assertThat(answers).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
            assertThat(sentAfterKill).hasSizeGreaterThanOrEqualTo(90).allSatisfy(response -> assertThat(response
                    .headers().firstValue("X-Served-By")).isNotEqualTo(Optional.of(REPLICAS.get(0).replicaId())));

            // beyond the concurrency limit: 503 with Retry-After at once, never a queue
            REPLICAS.get(1).delay(Duration.ofSeconds(1));
            REPLICAS.get(2).delay(Duration.ofSeconds(1));
            ExecutorService burst = Executors.newFixedThreadPool(16);
            try {
                List<HttpResponse<String>> crowd = IntStream.range(0, 16)
                        .mapToObj(i -> CompletableFuture.supplyAsync(() -> client.get("/shop/slow/" + i), burst))
                        .toList().stream().map(CompletableFuture::join).toList();
                assertThat(crowd).anySatisfy(response -> {
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.body()).contains("urn:concurrency-lab:problem:shed");
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                });
                assertThat(crowd).anySatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
            } finally {
                burst.shutdownNow();
            }
        } finally {
            clients.shutdownNow();
            REPLICAS.get(1).reset();
            REPLICAS.get(2).reset();
        }

        // the live replicas fail: their 500s pass through until the breaker opens, then 503 at once
        REPLICAS.get(1).status(500);
        REPLICAS.get(2).status(500);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/shop/fragile").statusCode() == 503);
        HttpResponse<String> open = client.get("/shop/fragile");
        assertThat(open.body()).contains("urn:concurrency-lab:problem:circuit-open");
        assertThat(open.headers().firstValue("Retry-After")).hasValue("1");

        // they recover: after wait-in-open the breaker lets trial calls through and closes again
        REPLICAS.get(1).reset();
        REPLICAS.get(2).reset();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/shop/fragile").statusCode() == 200);
        assertThat(IntStream.range(0, 10).map(i -> client.get("/shop/again").statusCode())).containsOnly(200);
    }

    private static long totalRequests() {
        return REPLICAS.stream().mapToLong(replica -> replica.requests("GET")).sum();
    }
}
