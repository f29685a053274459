package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Named.named;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Protection with real replicas: retries only where safe and always elsewhere, dead replicas
 * dropped, overload shed at once, time limits, and the gateway's own errors as problem+json.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResilienceTest {

    /** Behind "/pair": two replicas, for retries. */
    private static final List<TestReplica> PAIR = List.of(TestReplica.start("p1"), TestReplica.start("p2"));
    /** Behind "/trio": three replicas, one of which the test kills. */
    private static final List<TestReplica> TRIO = List.of(
            TestReplica.start("t1"), TestReplica.start("t2"), TestReplica.start("t3"));
    /** Behind "/quad": four replicas, three of which the test kills, for the limit on attempts. */
    private static final List<TestReplica> QUAD = List.of(
            TestReplica.start("q1"), TestReplica.start("q2"), TestReplica.start("q3"), TestReplica.start("q4"));
    /** Behind "/narrow" (concurrency limit 2, time limit 500 ms) and "/origin" (a plain origin URL). */
    private static final TestReplica SINGLE = TestReplica.start("s1");
    /** Behind "/fragile": always answers 500, so its circuit opens. */
    private static final TestReplica FRAGILE = TestReplica.start("f1");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("lab.gateway.upstream.body-idle-timeout", () -> "2s");
        route(registry, "pair", "lb://svc-pair", "10s", PAIR);
        route(registry, "trio", "lb://svc-trio", "10s", TRIO);
        route(registry, "quad", "lb://svc-quad", "10s", QUAD);
        registry.add("lab.gateway.routes.quad.retry.budget-min-per-second", () -> "1000");
        route(registry, "narrow", "lb://svc-narrow", "500ms", List.of(SINGLE));
        registry.add("lab.gateway.routes.narrow.concurrency-limit", () -> "2");
        registry.add("lab.gateway.routes.narrow.retry-after", () -> "3s");
        registry.add("lab.gateway.routes.origin.path", () -> "/origin");
        registry.add("lab.gateway.routes.origin.uri", SINGLE::uri);
        registry.add("lab.gateway.routes.origin.timeout", () -> "5s");
        route(registry, "fragile", "lb://svc-fragile", "5s", List.of(FRAGILE));
        registry.add("lab.gateway.routes.fragile.circuit-breaker.minimum-calls", () -> "4");
        registry.add("lab.gateway.routes.fragile.circuit-breaker.sliding-window-size", () -> "4");
        registry.add("lab.gateway.routes.fragile.circuit-breaker.wait-in-open", () -> "60s");
        registry.add("lab.gateway.routes.empty.path", () -> "/empty");
        registry.add("lab.gateway.routes.empty.uri", () -> "lb://svc-without-replicas");
        registry.add("lab.gateway.routes.empty.timeout", () -> "5s");
    }

    private static void route(DynamicPropertyRegistry registry, String id, String uri, String timeout,
            List<TestReplica> replicas) {
        registry.add("lab.gateway.routes." + id + ".path", () -> "/" + id);
        registry.add("lab.gateway.routes." + id + ".uri", () -> uri);
        registry.add("lab.gateway.routes." + id + ".timeout", () -> timeout);
        registry.add("lab.gateway.routes." + id + ".balancing", () -> "round-robin");
        for (int i = 0; i < replicas.size(); i++) {
            int index = i;
            registry.add("lab.gateway.discovery.replicas." + uri.substring(5) + "[" + i + "]",
                    () -> replicas.get(index).uri());
        }
    }

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;
    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void resetReplicas() {
        PAIR.forEach(TestReplica::reset);
        SINGLE.reset();
    }

    @AfterAll
    static void stopReplicas() {
        PAIR.forEach(TestReplica::close);
        TRIO.forEach(TestReplica::close);
        QUAD.forEach(TestReplica::close);
        SINGLE.close();
        FRAGILE.close();
    }

    @Test
    void repeatedUpstreamFailuresOpenTheCircuitWhichThenAnswers503AtOnce() {
        FRAGILE.status(500);
        Client client = new Client(port);

        for (int i = 0; i < 4; i++) {
            assertThat(client.get("/fragile/x").statusCode()).as("upstream's own 500 passes through").isEqualTo(500);
        }
        HttpResponse<String> rejected = client.get("/fragile/x");

        assertProblem(rejected, 503, "circuit-open", "fragile");
        assertThat(rejected.headers().firstValue("Retry-After")).as("the time until the breaker lets calls through again")
                .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(55, 60));
        assertThat(FRAGILE.requests("GET")).isEqualTo(4);
    }

    static Stream<Named<String>> malformedRequests() {
        return Stream.of(
                named("broken percent-encoding in the path", "GET /pair/%zz HTTP/1.1"),
                named("broken percent-encoding in the query", "GET /pair/x?q=%zz HTTP/1.1"),
                named("a method the gateway does not forward", "TRACE /pair/x HTTP/1.1"),
                named("an unknown method", "BREW /pair/x HTTP/1.1"),
                named("a header line without a colon", "GET /pair/x HTTP/1.1\r\nA header line without a colon"),
                named("a request line of 10,000 characters", "GET /pair/" + "x".repeat(10_000) + " HTTP/1.1"),
                named("not HTTP at all", "\u0016\u0003\u0001 hello"));
    }

    @ParameterizedTest
    @MethodSource("malformedRequests")
    void malformedRequestsAreProblemsNeverServerErrors(String request) throws IOException {
        String response = raw(request);

        assertThat(statusOf(response)).isBetween(400, 499);
        assertThat(response.toLowerCase(Locale.ROOT)).contains("\r\ncontent-type: application/problem+json");
        assertThat(JSON.readTree(bodyOf(response)).path("status").asInt()).isEqualTo(statusOf(response));
    }

    @Test
    void anOverlongRequestLineIs414Problem() {
        HttpResponse<String> response = new Client(port).get("/pair/" + "x".repeat(10_000));

        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("request line");
    }

    @Test
    void anOversizedHeaderIs431Problem() {
        HttpResponse<String> response = new Client(port).get("/pair/x", "X-Big", "a".repeat(20_000));

        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("header fields");
    }

    @Test
    void actuatorIsNeverRoutedAndShowsRoutesAndPerRouteMetrics() {
        Client client = new Client(port);
        client.get("/pair/x");
        Client management = new Client(managementPort);

        assertThat(client.get("/actuator/health").statusCode()).isEqualTo(404);
        assertThat(management.get("/actuator/labroutes").body()).contains("\"id\":\"pair\"")
                .contains("\"path\":\"/pair\"").contains("\"uri\":\"lb://svc-pair\"");
        // Its own connection: the refused POST is not what this test scrapes through afterwards.
        assertThat(new Client(managementPort).send("POST", "/actuator/labroutes").statusCode()).as("read-only")
                .isIn(404, 405);
        String scrape = management.get("/actuator/prometheus").body();
        assertThat(scrape).contains("lab_gateway_requests_seconds_bucket{")
                .contains("lab_gateway_replica_requests_seconds_bucket{")
                .contains("lab_gateway_replica_inflight{")
                .contains("lab_gateway_retries_total{")
                .contains("lab_gateway_shed_total{")
                .contains("resilience4j_circuitbreaker_state{")
                .contains("variant=\"gateway\"");
    }

    /** Sends REQUEST as it is (then a Host header and Connection: close) and reads the whole answer. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((request + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int statusOf(String response) {
        return Integer.parseInt(response.split(" ", 3)[1]);
    }

    private static String bodyOf(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void noRequestIsRetriedMoreOftenThanTheRouteAllows() {
        QUAD.getFirst().status(503);
        QUAD.subList(1, QUAD.size()).forEach(TestReplica::kill);
        Client client = new Client(port);

        // one request per replica to start with: round robin starts each at the next replica
        for (int request = 0; request < QUAD.size(); request++) {
            double before = retries("quad");

            assertThat(client.get("/quad/x").statusCode()).isIn(502, 503);
            assertThat(retries("quad") - before).as("retries of request %d (attempts: 2)", request).isLessThanOrEqualTo(2);
        }
    }

    private double retries(String route) {
        return meters.get("lab.gateway.retries").tag("route", route).tag("outcome", "retried").counter().count();
    }

    @Test
    void anUpstreamThatStallsInTheMiddleOfItsBodyIsCutOffNotWaitedForForever() {
        SINGLE.stallBody();

        // the client would wait for the body forever; the gateway breaks the response off once the
        // upstream has been silent for lab.gateway.upstream.body-idle-timeout (here 2 s), so the
        // client sees it cut short rather than complete
        assertThatThrownBy(() -> new Client(port).get("/narrow/x"))
                .isInstanceOf(UncheckedIOException.class)
                .rootCause().isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aGetThatMeets503IsRetriedOnceOnTheOtherReplica() {
        PAIR.get(0).status(503);
        PAIR.get(1).status(503);

        HttpResponse<String> response = new Client(port).get("/pair/x");

        assertThat(response.statusCode()).as("both replicas answered 503; the last answer is passed on").isEqualTo(503);
        assertThat(PAIR).allSatisfy(replica -> assertThat(replica.requests("GET")).as(replica.name()).isEqualTo(1));
    }

    @Test
    void aGetThatMeets503OnOneReplicaSucceedsOnTheOther() {
        PAIR.get(0).status(503);

        Client client = new Client(port);
        for (int i = 0; i < 10; i++) {
            assertThat(client.get("/pair/x").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPostIsNeverRetried() {
        PAIR.get(0).status(503);
        PAIR.get(1).status(503);

        HttpResponse<String> response = new Client(port).send("POST", "/pair/orders");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(PAIR.get(0).requests("POST") + PAIR.get(1).requests("POST")).isEqualTo(1);
    }

    @Test
    void aReplicaKilledMidTrafficFailsNoGetAndIsDropped() {
        Client client = new Client(port);
        TestReplica victim = TRIO.get(1);
        TRIO.forEach(replica -> replica.delay(Duration.ofMillis(20)));

        CompletableFuture<List<HttpResponse<String>>> traffic = CompletableFuture.supplyAsync(
                () -> client.load(8, 400, i -> client.get("/trio/x")));
        await().atMost(Duration.ofSeconds(10)).until(() -> victim.requests("GET") >= 10);
        victim.kill();
        List<HttpResponse<String>> responses = traffic.join();

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        List<String> servedAfter = IntStream.range(0, 30)
                .mapToObj(i -> client.get("/trio/x").headers().firstValue("X-Served-By").orElseThrow()).toList();
        assertThat(servedAfter).doesNotContain(victim.replicaId());
    }

    @Test
    void overloadIsShedAtOnceWith503AndRetryAfter() {
        SINGLE.delay(Duration.ofMillis(400));
        Client client = new Client(port);

        List<HttpResponse<String>> responses = client.load(6, 6, i -> client.get("/narrow/x"));

        List<HttpResponse<String>> shed = responses.stream().filter(response -> response.statusCode() == 503).toList();
        assertThat(shed).hasSizeGreaterThanOrEqualTo(4).allSatisfy(response -> {
            assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
            assertProblem(response, 503, "shed", "narrow");
        });
        assertThat(SINGLE.requests("GET")).isLessThanOrEqualTo(2);
    }

    @Test
    void anUpstreamSlowerThanTheTimeLimitIs504() {
        SINGLE.delay(Duration.ofSeconds(3));

        HttpResponse<String> response = new Client(port).get("/narrow/slow");

        assertProblem(response, 504, "timeout", "narrow");
    }

    @Test
    void aRouteWithoutReplicasIs503ProblemThatKeepsTheRequestId() {
        HttpResponse<String> response = new Client(port).get("/empty/x", "X-Request-Id", "trace-me");

        assertProblem(response, 503, "no-replica", "empty");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-me");
    }

    @Test
    void anUnknownPathIs404Problem() {
        HttpResponse<String> response = new Client(port).get("/nowhere");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void aRouteCanFrontAnyOriginUrl() {
        HttpResponse<String> response = new Client(port).get("/origin/hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("path").asString()).isEqualTo("/hello");
    }

    @Test
    void aClientCannotStripTheHeadersTheGatewayAddsByNamingThemInConnection() throws IOException {
        String response = raw("GET /origin/x HTTP/1.1\r\nConnection: X-Request-Id, Forwarded, X-Forwarded-For\r\n"
                + "X-Request-Id: the-clients");

        assertThat(statusOf(response)).isEqualTo(200);
        JsonNode seen = JSON.readTree(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
        assertThat(seen.path("requestId").asString()).as("a new id: the client's was meant for the gateway alone")
                .isNotEmpty().isNotEqualTo("the-clients");
        assertThat(seen.path("forwarded").asString()).contains("for=");
        assertThat(seen.path("xForwardedFor").asString()).isNotEmpty();
    }

    @Test
    void requestIdIsKeptOrCreatedAndForwardedHeadersAreSet() {
        Client client = new Client(port);

        HttpResponse<String> given = client.get("/origin/x", "X-Request-Id", "abc-123");
        HttpResponse<String> created = client.get("/origin/x");

        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("abc-123");
        JsonNode upstreamSaw = JSON.readTree(given.body());
        assertThat(upstreamSaw.path("requestId").asString()).isEqualTo("abc-123");
        assertThat(upstreamSaw.path("xForwardedFor").asString()).contains("127.0.0.1");
        assertThat(upstreamSaw.path("forwarded").asString()).contains("for=");
        assertThat(created.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String route) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:concurrency-lab:problem:" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("route").asString()).isEqualTo(route);
        assertThat(problem.path("detail").asString()).contains(route);
    }
}
