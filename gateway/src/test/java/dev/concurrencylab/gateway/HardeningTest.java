package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway does against clients and replicas that misbehave: silent connections closed,
 * hung replicas left for others, forwarded headers of untrusted clients dropped, HTTP versions it
 * does not speak refused, and replicas that left forgotten, meters included.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HardeningTest {

    /** Behind "/hung": h1 hangs when told to, h2 answers. */
    private static final List<TestReplica> HUNG = List.of(TestReplica.start("h1"), TestReplica.start("h2"));
    /** Behind "/moving", listed in a replicas file the test rewrites. */
    private static final List<TestReplica> MOVING = List.of(TestReplica.start("m1"), TestReplica.start("m2"));
    private static final Path REPLICAS_FILE = replicasFile();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("lab.gateway.server.idle-timeout", () -> "1s");
        registry.add("lab.gateway.server.read-timeout", () -> "1s");
        registry.add("lab.gateway.server.request-timeout", () -> "3s");
        // nobody is trusted: the test client on loopback is "anyone"
        registry.add("lab.gateway.server.trusted-proxies", () -> "192\\.0\\.2\\.1");
        registry.add("lab.gateway.routes.hung.path", () -> "/hung");
        registry.add("lab.gateway.routes.hung.uri", () -> "lb://svc-hung");
        registry.add("lab.gateway.routes.hung.balancing", () -> "round-robin");
        registry.add("lab.gateway.routes.hung.timeout", () -> "10s");
        registry.add("lab.gateway.routes.hung.attempt-timeout", () -> "300ms");
        for (int i = 0; i < HUNG.size(); i++) {
            int index = i;
            registry.add("lab.gateway.discovery.replicas.svc-hung[" + i + "]", () -> HUNG.get(index).uri());
        }
        registry.add("lab.gateway.routes.moving.path", () -> "/moving");
        registry.add("lab.gateway.routes.moving.uri", () -> "lb://svc-moving");
        registry.add("lab.gateway.routes.moving.balancing", () -> "round-robin");
        registry.add("lab.gateway.routes.moving.timeout", () -> "5s");
        registry.add("lab.gateway.discovery.replicas-file", REPLICAS_FILE::toString);
        writeReplicas(MOVING);
    }

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;
    @Autowired
    private MeterRegistry meters;

    @AfterAll
    static void stopReplicas() throws IOException {
        HUNG.forEach(TestReplica::close);
        MOVING.forEach(TestReplica::close);
        Files.deleteIfExists(REPLICAS_FILE);
    }

    @Test
    void aConnectionThatGoesSilentInTheMiddleOfARequestIsClosed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /moving/x HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();

            // the rest of the request never comes: the gateway closes the connection after its idle
            // timeout (1 s here), long before this read would give up
            int read = in.read();
            while (read != -1) {
                read = in.read();
            }
            assertThat(read).isEqualTo(-1);
        }
    }

    @Test
    void aRequestBodyThatStopsComingIs408ProblemAndTheConnectionEnds() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("POST /moving/x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabcd"
                    .getBytes(StandardCharsets.ISO_8859_1));

            // six bytes never come: after the 1 s read timeout, long before this read gives up
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
                    .contains("request-timeout").contains("paused longer than 1000 ms");
        }
        assertThat(new Client(port).get("/moving/x").statusCode()).as("the route's breaker did not count it").isEqualTo(200);
    }

    @Test
    void aRequestBodyTrickledByteByByteIsCutOffAtTheRequestTimeout() throws IOException {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /moving/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            // a byte every 200 ms: never a pause of the 1 s read timeout, 200 s for the whole body
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closed) {
                    throw new UncheckedIOException(closed); // the gateway ended the connection: the trickle stops
                }
            }, 0, 200, TimeUnit.MILLISECONDS);

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("took in all longer than 3000 ms");
        } finally {
            trickle.shutdownNow();
        }
    }

    /**
     * An answer the gateway gives at once (a 404 for no route here, a cache hit, any problem) is
     * written before Reactor Netty has read the end of the request. Unless the request is read to
     * its end first, its timers are never stopped and Reactor Netty holds the whole request in
     * memory for the request timeout (60 s): at cache-hit rates, more than a heap. Each request
     * here carries 2 KB of headers, so 20,000 of them held would be far more than the margin.
     */
    @Test
    void requestsAnsweredAtOnceAreNotHeldInMemoryAfterwards() {
        Client client = new Client(port);
        String padding = "p".repeat(2_048);
        client.get("/nowhere", "X-Padding", padding);
        long before = heapUsedAfterGc();

        AtomicInteger notAnswered404 = new AtomicInteger();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int user = 0; user < 8; user++) {
                users.execute(() -> {
                    for (int i = 0; i < 2_500; i++) {
                        if (client.get("/nowhere/" + i, "X-Padding", padding).statusCode() != 404) {
                            notAnswered404.incrementAndGet();
                        }
                    }
                });
            }
        }

        assertThat(notAnswered404).hasValue(0);
        assertThat(heapUsedAfterGc() - before).as("heap bytes still held after 20,000 answered requests")
                .isLessThan(30L * 1024 * 1024);
    }

    @Test
    void aReplicaThatHangsIsLeftForAnotherAndEjected() {
        HUNG.get(0).delay(Duration.ofSeconds(5));
        try {
            Client client = new Client(port);
            List<String> servedBy = IntStream.range(0, 6)
                    .mapToObj(i -> client.get("/hung/x"))
                    .peek(response -> assertThat(response.statusCode()).isEqualTo(200))
                    .map(response -> response.headers().firstValue("X-Served-By").orElseThrow())
                    .toList();

            assertThat(servedBy).as("h1 timed out once, was left for h2, then got no requests")
                    .containsOnly(HUNG.get(1).replicaId());
            assertThat(HUNG.get(0).requests("GET")).isEqualTo(1);
        } finally {
            HUNG.get(0).reset();
        }
    }

    @Test
    void forwardedHeadersOfAnUntrustedClientAreReplacedByWhatTheGatewaySaw() {
        var response = new Client(port).get("/moving/x", "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=203.0.113.9");

        var seen = JSON.readTree(response.body());
        assertThat(seen.path("xForwardedFor").asString()).isEqualTo("127.0.0.1");
        assertThat(seen.path("forwarded").asString()).startsWith("for=127.0.0.1").doesNotContain("203.0.113.9");
    }

    @Test
    void aRequestInAnHttpVersionTheGatewayDoesNotSpeakIs505Problem() throws IOException {
        String response = raw("GET /moving/x HTTP/2.0\r\nHost: a\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 505");
        assertThat(response).contains("application/problem+json").contains("unsupported-version");
    }

    @Test
    void aReplicaThatLeftIsForgottenWithItsMeters() throws IOException {
        Client client = new Client(port);
        client.get("/moving/a");
        client.get("/moving/b");
        assertThat(replicaMeters(MOVING.get(0))).as("both replicas served").isPositive();

        writeReplicas(List.of(MOVING.get(1)));
        assertThat(new Client(managementPort).send("POST", "/actuator/labreplicas").statusCode()).isEqualTo(200);

        assertThat(replicaMeters(MOVING.get(0))).as("m1's gauge and timers are gone").isZero();
        assertThat(IntStream.range(0, 4).mapToObj(i -> client.get("/moving/c").headers().firstValue("X-Served-By").orElseThrow()))
                .containsOnly(MOVING.get(1).replicaId());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(new Client(managementPort).get("/actuator/prometheus").body())
                        .doesNotContain("replica=\"" + MOVING.get(0).replicaId() + "\""));
    }

    /** Heap in use once a full collection has run (System.gc() runs one: the tests do not disable explicit GC). */
    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private int replicaMeters(TestReplica replica) {
        return meters.find("lab.gateway.replica.inflight").tag("replica", replica.replicaId()).meters().size()
                + meters.find("lab.gateway.replica.requests").tag("replica", replica.replicaId()).meters().size();
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static Path replicasFile() {
        try {
            return Files.createTempFile("gateway-replicas", ".properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeReplicas(List<TestReplica> replicas) {
        try {
            Files.writeString(REPLICAS_FILE, "svc-moving=" + String.join(",", replicas.stream().map(TestReplica::uri).toList()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
