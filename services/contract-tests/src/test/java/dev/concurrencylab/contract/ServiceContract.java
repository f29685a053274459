package dev.concurrencylab.contract;

import static dev.concurrencylab.contract.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

import dev.concurrencylab.launcher.Service;
import dev.concurrencylab.launcher.Sizing;

/**
 * The service contract: ONE set of tests, run once per variant against a live process (real
 * HTTP, real downstream) by {@link MvcContractIT}, {@link VirtualContractIT} and
 * {@link WebfluxContractIT}, so a deviation fails for that variant by name.
 */
@ExtendWith(LiveTopology.class)
abstract class ServiceContract {

    private final Service variant;
    /** {@code mvc}, {@code virtual} or {@code webflux}: as the process reports itself */
    private final String variantName;
    private final LabProcess service;
    private final LabProcess downstream;
    private final Http http;
    private final List<String> jvmFlags;

    protected ServiceContract(Service variant, ContractTopology topology) {
        this.variant = variant;
        this.variantName = variant.variant().orElseThrow();
        this.service = topology.service(variant);
        this.downstream = topology.downstream();
        this.http = topology.http();
        this.jvmFlags = topology.jvmFlags().read(Sizing.REPLICA);
    }

    private Http.Reply get(String pathAndQuery, String... headers) {
        return http.get(service.uri(pathAndQuery), headers);
    }

    // --- /whoami: the one place where the variants must differ ---------------------------------

    @Test
    void whoAmINamesTheVariantReplicaAndTheKindOfThreadThatHandledTheRequest() {
        Http.Reply reply = get("/whoami");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode whoAmI = reply.json();
        assertThat(whoAmI.path("variant").asString()).isEqualTo(variantName);
        assertThat(whoAmI.path("instance").asString()).isEqualTo("contract-" + variantName);
        assertThat(whoAmI.path("inFlight").asInt()).as("the request itself is in flight").isGreaterThanOrEqualTo(1);
        String thread = whoAmI.path("thread").asString();
        boolean virtual = whoAmI.path("virtual").asBoolean();
        switch (variant) {
            case SERVICE_MVC -> {
                assertThat(virtual).as("mvc runs on platform threads").isFalse();
                assertThat(thread).as("a Tomcat pool thread").matches("http-nio-.+-exec-\\d+");
            }
            case SERVICE_VIRTUAL -> assertThat(virtual).as("virtual runs each request on a virtual thread").isTrue();
            case SERVICE_WEBFLUX -> {
                assertThat(virtual).as("webflux runs on platform threads").isFalse();
                assertThat(thread).as("a Netty event-loop thread").matches("reactor-http-(epoll|nio|kqueue|io_uring)-\\d+");
            }
        }
    }

    // --- /products/{id}: public, cacheable ---------------------------------------------------------

    @Test
    void productIsPublicCacheableJsonWithAStrongETag() {
        Http.Reply reply = get("/products/42");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).contains("public").contains("max-age=60");
        assertThat(reply.header("ETag")).matches("\"[0-9a-f]{8}\"");
        JsonNode product = reply.json();
        assertThat(product.path("id").asInt()).isEqualTo(42);
        assertThat(product.path("name").asString()).isNotBlank();
        assertThat(product.path("price").asString()).matches("\\d+\\.\\d{2}");
        assertThat(product.path("currency").asString()).isEqualTo("EUR");
        assertThat(product.path("stock").asInt()).isNotNegative();
    }

    @Test
    void productAnswersItsOwnETagWith304AndNoBody() {
        String etag = get("/products/42").header("ETag");

        Http.Reply reply = get("/products/42", "If-None-Match", etag);

        assertThat(reply.status()).isEqualTo(304);
        assertThat(reply.header("ETag")).isEqualTo(etag);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void productAcceptsALatencyWithinBounds() {
        assertThat(get("/products/7?latency=5ms").status()).isEqualTo(200);
    }

    @Test
    void productOutsideTheCatalogIs404Problem() {
        assertProblem(get("/products/100001"), 404, "not-found", "/products/100001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "+7", "7.0", "99999999999", "1e3"})
    void malformedProductIdIs400ProblemNamingTheId(String id) {
        JsonNode problem = assertProblem(get("/products/" + id), 400, "invalid-parameter", "/products/" + id);

        assertThat(problem.path("parameter").asString()).isEqualTo("id");
        assertThat(problem.path("value").asString()).isEqualTo(id);
        assertThat(problem.path("allowed").asString()).isEqualTo("1..2147483647");
    }

    // --- /users/{id}/recommendations: per user, never shared ---------------------------------------

    @Test
    void recommendationsArePrivateAndBestFirst() {
        Http.Reply reply = get("/users/7/recommendations");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).isEqualTo("private");
        JsonNode body = reply.json();
        assertThat(body.path("userId").asInt()).isEqualTo(7);
        List<Integer> scores = new ArrayList<>();
        body.path("items").forEach(item -> scores.add(item.path("score").asInt()));
        assertThat(scores).hasSize(10).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    @Test
    void unknownUserIs404Problem() {
        assertProblem(get("/users/1000001/recommendations"), 404, "not-found", "/users/1000001/recommendations");
    }

    // --- /work: the knobs ----------------------------------------------------------------------------

    @Test
    void workDoesWhatWasAskedAndSaysSo() {
        Http.Reply reply = get("/work?io=20ms&cpu=5ms&bytes=100");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode work = reply.json();
        assertThat(work.path("io").asString()).isEqualTo("20ms");
        assertThat(work.path("cpu").asString()).isEqualTo("5ms");
        assertThat(work.path("bytes").asInt()).isEqualTo(100);
        assertThat(work.path("ioMode").asString()).isEqualTo("sleep");
        assertThat(work.path("cpuOn").asString()).isEqualTo("request");
        assertThat(work.path("payload").asString()).hasSize(100);
    }

    @Test
    void workWaitsOnDownstreamWhenAsked() {
        Http.Reply reply = get("/work?io=10ms&io-mode=downstream&bytes=1KB");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("ioMode").asString()).isEqualTo("downstream");
        assertThat(reply.json().path("payload").asString()).hasSize(1024);
    }

    @Test
    void workBurnsItsCpuOnWorkerThreadsWhenAskedAndAnswersTheSame() {
        Http.Reply reply = get("/work?cpu=5ms&cpu-on=workers&io=5ms&bytes=10");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("cpu").asString()).isEqualTo("5ms");
        assertThat(reply.json().path("cpuOn").asString()).isEqualTo("workers");
        assertThat(reply.json().path("payload").asString()).hasSize(10);
    }

    @Test
    void workBlocksItsThreadWhenAskedAndAnswersTheSame() {
        Http.Reply reply = get("/work?io=10ms&io-mode=block&bytes=10");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.json().path("io").asString()).isEqualTo("10ms");
        assertThat(reply.json().path("ioMode").asString()).isEqualTo("block");
        assertThat(reply.json().path("payload").asString()).hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            io=11s                               ; io                ; 0ms..10s
            io=-1ms                              ; io                ; 0ms..10s
            io=soon                              ; io                ; 0ms..10s (e.g. 50ms, 2s)
            cpu=3s                               ; cpu               ; 0ms..2s
            bytes=2MB                            ; bytes             ; 0..1048576 bytes
            bytes=-5                             ; bytes             ; 0..1048576 bytes
            io-mode=disk                         ; io-mode           ; sleep|block|downstream
            downstream-status=503                ; downstream-status ; only together with io-mode=downstream
            io-mode=downstream&downstream-status=302 ; downstream-status ; 200 or 400..599
            cpu-on=gpu                           ; cpu-on            ; request|workers
            cpus=5ms                             ; cpus              ; parameters [bytes, cpu, cpu-on, downstream-status, io, io-mode]
            io=1ms&io=2ms                        ; io                ; one value
            """)
    void outOfBoundsOrUnknownWorkParameterIs400ProblemNamingItAndItsLimits(String query, String parameter, String allowed) {
        JsonNode problem = assertProblem(get("/work?" + query), 400, "invalid-parameter", "/work");

        assertThat(problem.path("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.path("value").asString()).isNotBlank();
        assertThat(problem.path("allowed").asString()).isEqualTo(allowed);
        assertThat(problem.path("detail").asString()).contains(parameter).contains(allowed);
    }

    // --- downstream failures -----------------------------------------------------------------------

    @Test
    void downstreamErrorIs502ProblemWithDownstreamsStatus() {
        JsonNode problem = assertProblem(get("/work?io-mode=downstream&downstream-status=503"), 502,
                "downstream-error", "/work");

        assertThat(problem.path("downstreamStatus").asInt()).isEqualTo(503);
    }

    @Test
    void downstreamTooSlowIs504ProblemAfterTheResponseTimeout() {
        // the suite runs services with a 2 s response timeout; downstream is asked to wait 3 s
        assertProblem(get("/work?io-mode=downstream&io=3s"), 504, "downstream-timeout", "/work");
    }

    @Test
    void downstreamPoolExhaustedIs503ProblemInsteadOfAnEndlessQueue() {
        // the suite runs services with 2 pooled connections and 100 ms to wait for one: hold both
        List<CompletableFuture<Http.Reply>> holders = IntStream.range(0, ContractTopology.DOWNSTREAM_CONNECTIONS)
                .mapToObj(i -> http.getAsync(service.uri("/work?io-mode=downstream&io=1500ms")))
                .toList();
        await("both pooled connections busy at downstream").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> http.get(downstream.uri("/whoami")).json().path("inFlight").asInt() - 1
                        >= ContractTopology.DOWNSTREAM_CONNECTIONS);

        assertProblem(get("/work?io-mode=downstream"), 503, "downstream-pool-exhausted", "/work");
        assertThat(holders).allSatisfy(holder -> assertThat(holder.join().status()).isEqualTo(200));
    }

    // --- framework-level errors --------------------------------------------------------------------

    @Test
    void unknownPathIs404Problem() {
        assertProblem(get("/no/such/thing"), 404, "not-found", "/no/such/thing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/work?io=%zz", "/products/%zz", "/work?io=%"})
    void malformedPercentEncodingIs400Problem(String target) {
        Http.RawReply reply = http.raw(service.uri(""), target);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void requestsOverTheServersLimitsAreClientErrorProblems() {
        // Tomcat answers both 400, Reactor Netty 414 and 431: each a problem, never an empty body.
        Http.Reply overlongLine = get("/products/" + "1".repeat(10_000));
        Http.Reply oversizedHeader = get("/products/1", "X-Big", "a".repeat(20_000));

        for (Http.Reply reply : List.of(overlongLine, oversizedHeader)) {
            assertThat(reply.status()).isBetween(400, 499);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().path("status").asInt()).isEqualTo(reply.status());
        }
    }

    @Test
    void wrongMethodIs405ProblemWithAllow() {
        Http.Reply reply = http.send("POST", service.uri("/work"));

        assertProblem(reply, 405, "method-not-allowed", "/work");
        assertThat(reply.header("Allow")).isEqualTo("GET");
    }

    // --- actuator ----------------------------------------------------------------------------------

    @Test
    void actuatorIsServedOnTheManagementPortOnly() {
        assertThat(get("/actuator/health").status()).isEqualTo(404);
        for (String group : List.of("liveness", "readiness")) {
            Http.Reply reply = http.get(service.managementUri("/actuator/health/" + group));
            assertThat(reply.status()).as(group).isEqualTo(200);
            assertThat(reply.json().path("status").asString()).as(group).isEqualTo("UP");
        }
    }

    @Test
    void infoNamesVariantThreadingModelInstanceAndJvm() {
        JsonNode info = http.get(service.managementUri("/actuator/info")).json();

        assertThat(info.path("lab").path("variant").asString()).isEqualTo(variantName);
        assertThat(info.path("lab").path("instance").asString()).isEqualTo("contract-" + variantName);
        assertThat(info.path("lab").path("threadingModel").asString()).isNotBlank();
        assertThat(info.path("java").path("version").asString()).startsWith("25");
    }

    @Test
    void infoShowsTheJvmRunsWithTheLabsFlags() {
        JsonNode info = http.get(service.managementUri("/actuator/info")).json();

        List<String> flags = new ArrayList<>();
        info.path("lab").path("jvmFlags").forEach(flag -> flags.add(flag.asString()));
        assertThat(flags).as("services/jvm/common.flags and replica.flags, in order").containsSubsequence(jvmFlags);
    }

    @Test
    void prometheusTagsEveryMeterWithVariantAndInstance() {
        get("/products/42");

        String scrape = http.get(service.managementUri("/actuator/prometheus")).body();

        List<String> samples = scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(samples).isNotEmpty().allSatisfy(sample -> assertThat(sample)
                .contains("variant=\"" + variantName + "\"").contains("instance=\"contract-" + variantName + "\""));
        assertThat(samples).anyMatch(sample -> sample.startsWith("lab_requests_inflight{"))
                .anyMatch(sample -> sample.startsWith("http_server_requests_seconds_bucket{")
                        && sample.contains("uri=\"/products/{id}\""))
                .anyMatch(sample -> sample.startsWith("http_client_requests_seconds_count{"))
                .anyMatch(sample -> sample.startsWith("jvm_threads_live_threads{"))
                .anyMatch(sample -> sample.startsWith("jvm_threads_virtual_live_threads{"));
    }

    @Test
    void aSlowedDownReplicaHoldsEveryRequestAndTakesOnlyABoundedWait() {
        URI slowdown = service.managementUri("/actuator/labslowdown");
        assertThat(http.get(slowdown).json().path("io").asString()).isEqualTo("0s");
        try {
            assertThat(http.postJson(slowdown, "{\"io\": \"2s\"}").json().path("io").asString()).isEqualTo("2s");
            CompletableFuture<Http.Reply> slowed = http.getAsync(service.uri("/products/42"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slowed).isNotDone()
                    .satisfies(pending -> assertThat(scrapeValue("lab_requests_inflight")).isGreaterThanOrEqualTo(1)));
            assertThat(slowed.join().status()).isEqualTo(200);
            assertThat(scrapeValue("lab_slowdown_seconds")).isEqualTo(2.0);

            for (String invalid : List.of("{\"io\": \"11s\"}", "{\"io\": \"soon\"}", "{}")) {
                Http.Reply refused = http.postJson(slowdown, invalid);
                assertThat(refused.status()).as(invalid).isEqualTo(400);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.json().path("type").asString()).isEqualTo("urn:concurrency-lab:problem:invalid-parameter");
                assertThat(refused.json().path("parameter").asString()).isEqualTo("io");
                assertThat(refused.json().path("allowed").asString()).contains("10s");
            }
            assertThat(http.get(slowdown).json().path("io").asString()).as("unchanged by refused values").isEqualTo("2s");
        } finally {
            http.postJson(slowdown, "{\"io\": \"0s\"}");
        }
        assertThat(http.get(slowdown).json().path("io").asString()).isEqualTo("0s");
    }

    /** The value of a meter without tags beyond the common ones, from a scrape of the replica. */
    private double scrapeValue(String meter) {
        return http.get(service.managementUri("/actuator/prometheus")).body().lines()
                .filter(line -> line.startsWith(meter + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(meter + " is not in the scrape"));
    }
}
