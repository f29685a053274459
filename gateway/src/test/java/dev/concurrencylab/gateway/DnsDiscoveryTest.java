package dev.concurrencylab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * DNS discovery, as in Docker Compose and behind a Kubernetes headless Service: replicas are the
 * A records of the service's name, on one port; records added or removed while the gateway runs
 * change where traffic goes, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DnsDiscoveryTest {

    private static final String NAME = "replicas.lab.test";
    private static final TestDnsServer DNS = startDns();
    private static final TestReplica FIRST = TestReplica.start("first", "127.0.0.1", 0);
    /** Same port, another loopback address: what two containers of one compose service look like. */
    private static final TestReplica SECOND = TestReplica.start("second", "127.0.0.2", FIRST.port());

    private static TestDnsServer startDns() {
        try {
            TestDnsServer dns = new TestDnsServer();
            dns.publish(NAME, "127.0.0.1");
            return dns;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dnsDiscovery(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> "0");
        registry.add("lab.gateway.discovery.mode", () -> "dns");
        registry.add("lab.gateway.discovery.dns.server", DNS::address);
        registry.add("lab.gateway.discovery.dns.port", FIRST::port);
        registry.add("lab.gateway.discovery.dns.refresh-interval", () -> "200ms");
        registry.add("lab.gateway.routes.dns.path", () -> "/dns");
        registry.add("lab.gateway.routes.dns.uri", () -> "lb://" + NAME);
        registry.add("lab.gateway.routes.dns.timeout", () -> "5s");
        registry.add("lab.gateway.routes.dns.balancing", () -> "round-robin");
        registry.add("lab.gateway.routes.nowhere.path", () -> "/nowhere");
        registry.add("lab.gateway.routes.nowhere.uri", () -> "lb://nowhere.test");
        registry.add("lab.gateway.routes.nowhere.timeout", () -> "5s");
    }

    @LocalServerPort
    private int port;

    @AfterAll
    static void stop() {
        FIRST.close();
        SECOND.close();
        DNS.close();
    }

    @Test
    void anAddedAddressGetsTrafficAndARemovedOneStopsGettingIt() {
        Client client = new Client(port);
        assertThat(servedBy(client)).containsExactly(FIRST.replicaId());

        DNS.publish(NAME, "127.0.0.1", "127.0.0.2");
        await("the new replica gets traffic").atMost(Duration.ofSeconds(10))
                .until(() -> servedBy(client).contains(SECOND.replicaId()));
        assertThat(servedBy(client)).containsExactlyInAnyOrder(FIRST.replicaId(), SECOND.replicaId());

        DNS.publish(NAME, "127.0.0.2");
        await("the removed replica is dropped").atMost(Duration.ofSeconds(10))
                .until(() -> servedBy(client).equals(Set.of(SECOND.replicaId())));
    }

    @Test
    void lookupsThatGoUnansweredForManyRefreshIntervalsDoNotStopTheRefresh() {
        Client client = new Client(port);
        DNS.publish(NAME, "127.0.0.1");
        await("the first replica alone").atMost(Duration.ofSeconds(10))
                .until(() -> servedBy(client).equals(Set.of(FIRST.replicaId())));

        DNS.silence();
        int before = DNS.unanswered();
        // a lookup hangs until the resolver's query timeout, far longer than the 200 ms refresh
        // interval; meanwhile the gateway keeps the replicas it knew
        await("lookups go unanswered while the gateway keeps serving").atMost(Duration.ofSeconds(10))
                .during(Duration.ofSeconds(2))
                .until(() -> DNS.unanswered() > before && servedBy(client).equals(Set.of(FIRST.replicaId())));
        DNS.publish(NAME, "127.0.0.1", "127.0.0.2");
        DNS.answer();

        await("refreshing resumes once DNS answers: the new replica gets traffic").atMost(Duration.ofSeconds(20))
                .until(() -> servedBy(client).contains(SECOND.replicaId()));
        DNS.publish(NAME, "127.0.0.1");
        await("back to the first replica alone").atMost(Duration.ofSeconds(10))
                .until(() -> servedBy(client).equals(Set.of(FIRST.replicaId())));
    }

    @Test
    void aNameWithoutAddressesMeansNoReplicaNotABrokenUpstream() {
        Client client = new Client(port);
        DNS.publish(NAME, "127.0.0.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> servedBy(client).equals(Set.of(FIRST.replicaId())));

        DNS.unpublish(NAME);
        await("the vanished replicas are dropped").atMost(Duration.ofSeconds(10))
                .until(() -> client.get("/dns/x").statusCode() == 503);
        HttpResponse<String> none = client.get("/dns/x");
        HttpResponse<String> neverPublished = client.get("/nowhere/x");

        for (HttpResponse<String> response : List.of(none, neverPublished)) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("urn:concurrency-lab:problem:no-replica");
        }
        DNS.publish(NAME, "127.0.0.1");
        await("the replica is back").atMost(Duration.ofSeconds(10)).until(() -> client.get("/dns/x").statusCode() == 200);
        assertThat(servedBy(client)).containsExactly(FIRST.replicaId());
    }

    private static Set<String> servedBy(Client client) {
        return IntStream.range(0, 6)
                .mapToObj(i -> client.get("/dns/x"))
                .peek(response -> assertThat(response.statusCode()).isEqualTo(200))
                .map(response -> response.headers().firstValue("X-Served-By").orElseThrow())
                .collect(Collectors.toSet());
    }
}
