package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Balancing over three real replicas: the same replicas behind a round-robin route and a
 * least-outstanding (P2C) route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BalancingTest {

    private static final List<TestReplica> REPLICAS = List.of(
            TestReplica.start("r1"), TestReplica.start("r2"), TestReplica.start("r3"));

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        // two routes to one service, each with its own policy: balancing is the route's, not the service's
        for (String policy : List.of("round-robin", "least-outstanding")) {
            registry.add("lab.gateway.routes." + policy + ".path", () -> "/" + policy);
            registry.add("lab.gateway.routes." + policy + ".uri", () -> "lb://svc-shared");
            registry.add("lab.gateway.routes." + policy + ".balancing", () -> policy);
            registry.add("lab.gateway.routes." + policy + ".timeout", () -> "10s");
        }
        for (int i = 0; i < REPLICAS.size(); i++) {
            int index = i;
            registry.add("lab.gateway.discovery.replicas.svc-shared[" + i + "]",
                    () -> REPLICAS.get(index).uri());
        }
    }

    @LocalServerPort
    private int port;
    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void resetReplicas() {
        REPLICAS.forEach(TestReplica::reset);
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(TestReplica::close);
    }

    @Test
    void roundRobinSpreadsRequestsEvenlyOverEveryReplica() {
        Client client = new Client(port);

        for (int i = 0; i < 300; i++) {
            assertThat(client.get("/round-robin/whoami").statusCode()).isEqualTo(200);
        }

        assertThat(REPLICAS).allSatisfy(replica -> assertThat(replica.requests("GET")).as(replica.name()).isEqualTo(100));
    }

    @Test
    void leastOutstandingSendsClearlyLessToASlowReplicaThanRoundRobinDoes() {
        Client client = new Client(port);
        TestReplica slow = REPLICAS.get(2);
        slow.delay(Duration.ofMillis(200));

        double roundRobinShare = slowShare(client.load(24, 480, i -> client.get("/round-robin/x")), slow);
        double leastOutstandingShare = slowShare(client.load(24, 480, i -> client.get("/least-outstanding/x")), slow);

        assertThat(roundRobinShare).as("round robin ignores load").isGreaterThan(0.30);
        assertThat(leastOutstandingShare).as("P2C share of the slow replica, vs round robin's %.2f", roundRobinShare)
                .isLessThan(roundRobinShare / 2);
    }

    @Test
    void everyResponseNamesTheReplicaAndInFlightIsExportedPerReplica() {
        Client client = new Client(port);

        HttpResponse<String> response = client.get("/least-outstanding/whoami");

        String servedBy = response.headers().firstValue("X-Served-By").orElseThrow();
        assertThat(REPLICAS).extracting(TestReplica::replicaId).contains(servedBy);
        assertThat(response.body()).contains(REPLICAS.stream().filter(r -> r.replicaId().equals(servedBy))
                .findFirst().orElseThrow().name());
        assertThat(meters.find("lab.gateway.replica.inflight").tag("replica", servedBy).gauge()).isNotNull();
        assertThat(meters.find("lab.gateway.replica.requests").tag("replica", servedBy).timer().count()).isPositive();
    }

    private static double slowShare(List<HttpResponse<String>> responses, TestReplica slow) {
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        Map<String, Long> byReplica = responses.stream().collect(Collectors.groupingBy(
                response -> response.headers().firstValue("X-Served-By").orElse("?"), Collectors.counting()));
        return (double) byReplica.getOrDefault(slow.replicaId(), 0L) / responses.size();
    }
}
