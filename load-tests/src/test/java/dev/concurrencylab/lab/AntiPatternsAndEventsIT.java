package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.launcher.Service;

/**
 * The mistakes made visible, at a tiny size on a real local lab (two webflux replicas, one virtual):
 * webflux blocking its event loops serves far less than the same load done right and slows the
 * requests that block nothing; CPU burnt on the event loops makes their own tasks late, on worker
 * threads it does not; virtual threads behind a pool of 4 connections wait for them, get 503
 * and serve far less than with the services' pool; a replica killed during a GET run fails no request and the bench puts
 * the deployment back; a replica lost without an event stops the bench with how it ended, and
 * {@code ./lab status} says so. Directions, not figures: the figures are the benchmark's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AntiPatternsAndEventsIT {

    private final LabCli lab = new LabCli();

    @BeforeAll
    void up() {
        assertThat(lab.run("up", "--replicas", "mvc=0,virtual=1,webflux=2", "--gateway-port", "0")).isZero();
    }

    @AfterAll
    void downEvenIfATestFailed() {
        if (lab.isUp()) {
            lab.run("down");
        }
    }

    @Test
    @Order(1)
    void blockingTheEventLoopServesFarLessThanTheSameLoadDoneRightAndSlowsTheBystanders() {
        List<BenchResults.Run> runs = benchAtATinySize("block-the-event-loop", "webflux,virtual", "4s");

        assertThat(runs).extracting(BenchResults.Run::scenario).containsExactly("block-the-event-loop", "block-the-event-loop",
                "block-the-event-loop-done-right", "block-the-event-loop-done-right");
        BenchResults.Run blocked = run(runs, "block-the-event-loop", "webflux");
        BenchResults.Run right = run(runs, "block-the-event-loop-done-right", "webflux");
        assertThat(blocked.summary().throughput()).as("blocked loops serve far less").isLessThan(right.summary().throughput() / 2);
        assertThat(products(blocked).p99()).as("product pages wait behind the blocked loops")
                .isGreaterThan(products(right).p99());
        assertThat(blocked.observed()).as("each webflux replica reports its event loops and their lag")
                .anySatisfy(second -> assertThat(second.processes().values()).filteredOn(sample -> "webflux".equals(sample.role()))
                        .allSatisfy(sample -> {
                            assertThat(sample.eventLoops()).isPositive();
                            assertThat(sample.eventLoopLagMillis()).isNotNull();
                            assertThat(sample.pendingTasks()).isNotNull();
                        }));
    }

    @Test
    @Order(2)
    void cpuOnTheEventLoopDelaysItsOtherTasksAndOnWorkersItDoesNot() {
        List<BenchResults.Run> runs = benchAtATinySize("cpu-on-the-event-loop", "webflux", "3s");

        BenchResults.Run onLoop = run(runs, "cpu-on-the-event-loop", "webflux");
        BenchResults.Run onWorkers = run(runs, "cpu-on-the-event-loop-done-right", "webflux");
        assertThat(onWorkers.workload().cpuOn()).isEqualTo("workers");
        assertThat(worstLag(onLoop)).as("50 ms bursts on the loops make their own tasks late")
                .isGreaterThan(worstLag(onWorkers));
        assertThat(onLoop.summary().errors()).isEmpty();
        assertThat(onWorkers.summary().errors()).isEmpty();
    }

    @Test
    @Order(3)
    void aReplicaKilledDuringAGetRunFailsNoRequestAndTheBenchPutsTheDeploymentBack() throws IOException {
        Path scenario = Files.writeString(lab.labDir().resolve("kill.yaml"), """
                description: 20 users on product pages, service-webflux-1 killed at 2 s.
                users: 20
                duration: 5s
                request: {io: 20ms}
                mix: {products: 1}
                keys: {space: 100000, distribution: unique}
                events:
                  - {at: 2s, kill: service-webflux-1}
                """);
        Path reports = lab.labDir().resolve("kill");

        int exit = lab.run("bench", "--scenario", scenario.toString(), "--variants", "webflux", "--warmup", "2s",
                "--warm-all", "0s", "--pause", "0s", "--report-dir", reports.toString());

        assertThat(exit).isZero();
        BenchResults.Run run = LabCli.onlyResultsIn(reports).runs().getFirst();
        assertThat(run.eventsOrEmpty()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo("kill service-webflux-1");
            assertThat(event.failure()).isNull();
        });
        assertThat(run.summary().errors()).as("the gateway retried every GET on the other replica").isEmpty();
        assertThat(run.seconds()).extracting(BenchResults.Second::failed).containsOnly(0L);
        List<LabProcess> webflux = lab.state().replicasOf(Service.SERVICE_WEBFLUX);
        assertThat(webflux).as("two live replicas again, the killed one replaced").hasSize(2).allMatch(LabProcess::isAlive)
                .extracting(LabProcess::name).doesNotContain("service-webflux-1");
    }

    @Test
    @Order(4)
    void aSlowedReplicaSlowsTheRunFromItsEventOnAndIsHealthyAgainAfterIt() throws IOException {
        // after the kill above, webflux runs service-webflux-2 and -3: "service-webflux-1" is the first of them
        LabProcess first = lab.state().replicasOf(Service.SERVICE_WEBFLUX).getFirst();
        Path scenario = Files.writeString(lab.labDir().resolve("slow.yaml"), """
                description: 20 users on work, the first webflux replica 300 ms slower from 2 s on.
                users: 20
                duration: 5s
                request: {io: 20ms}
                mix: {work: 1}
                events:
                  - {at: 2s, slow: {replica: service-webflux-1, io: 300ms}}
                """);
        Path reports = lab.labDir().resolve("slow");

        int exit = lab.run("bench", "--scenario", scenario.toString(), "--variants", "webflux", "--warmup", "2s",
                "--warm-all", "0s", "--pause", "0s", "--report-dir", reports.toString());

        assertThat(exit).isZero();
        BenchResults.Run run = LabCli.onlyResultsIn(reports).runs().getFirst();
        assertThat(run.eventsOrEmpty()).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo("slow service-webflux-1 by 300ms");
            assertThat(event.failure()).isNull();
        });
        List<BenchResults.Second> before = run.seconds().stream().filter(second -> second.second() < 2).toList();
        List<BenchResults.Second> after = run.seconds().stream().filter(second -> second.second() >= 3).toList();
        assertThat(after).as("requests that waited 300 ms more").allSatisfy(second ->
                assertThat(second.p99()).isGreaterThan(before.stream().mapToDouble(BenchResults.Second::p99).max().orElseThrow()));
        assertThat(run.summary().errors()).isEmpty();
        assertThat(lab.get(first.managementUrl() + "/actuator/labslowdown").body()).as("healthy again after the run")
                .contains("\"io\":\"0s\"");
    }

    @Test
    @Order(5)
    void cheapThreadsBehindASmallPoolWaitForItAndGet503() {
        List<BenchResults.Run> runs = benchAtATinySize("pool-smaller-than-concurrency", "virtual", "3s");

        BenchResults.Run small = run(runs, "pool-smaller-than-concurrency", "virtual");
        BenchResults.Run right = run(runs, "pool-smaller-than-concurrency-done-right", "virtual");
        assertThat(small.workload().downstreamPool()).isEqualTo(4);
        assertThat(small.summary().throughput()).as("4 connections serve far less").isLessThan(right.summary().throughput() / 2);
        assertThat(small.summary().errors()).as("503 downstream-pool-exhausted after waiting 5 s").containsKey("status-5xx");
        assertThat(right.summary().errors()).isEmpty();
        assertThat(small.observed()).as("requests waited for a pooled connection").anySatisfy(second ->
                assertThat(second.processes().values()).filteredOn(sample -> "virtual".equals(sample.role()))
                        .anySatisfy(sample -> assertThat(sample.poolPending()).isPositive()));
        assertThat(lab.state().downstreamPool()).as("the lab back on the services' pool").isIn(null, 1000);
    }

    @Test
    @Order(6)
    void aReplicaLostWithoutAnEventStopsTheBenchSayingHowItEnded() throws IOException {
        Path scenario = Files.writeString(lab.labDir().resolve("long.yaml"), """
                description: 10 users for a minute, unless something goes wrong.
                users: 10
                duration: 60s
                request: {io: 20ms}
                mix: {work: 1}
                """);
        LabProcess victim = lab.state().replicasOf(Service.SERVICE_VIRTUAL).getFirst();
        Path reports = lab.labDir().resolve("lost");

        CompletableFuture<LabCli.Output> bench = CompletableFuture.supplyAsync(() -> lab.printing("bench", "--scenario",
                scenario.toString(), "--variants", "virtual", "--warmup", "1s", "--warm-all", "0s", "--pause", "0s",
                "--report-dir", reports.toString()));
        await("the bench's traffic reaches " + victim.name()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> lab.get(victim.managementUrl() + "/actuator/metrics/http.server.requests").statusCode() == 200);
        victim.handle().orElseThrow().destroyForcibly();
        LabCli.Output output = bench.join();

        assertThat(output.exit()).as(output.text()).isEqualTo(1);
        assertThat(output.text()).contains("the deployment lost a process during the run",
                victim.name() + " (pid " + victim.pid() + ") killed by signal 9 (SIGKILL)");
        assertThat(LabCli.onlyResultsIn(reports).stoppedBecause()).contains(victim.name());
        LabCli.Output status = lab.printing("status");
        assertThat(status.text()).contains(victim.name() + " (pid " + victim.pid() + ") is not running: killed by signal 9 "
                + "(SIGKILL)");
    }

    /** A standard scenario and its twin done right, 2 s of warm-up then {@code duration} measured; the bench must succeed. */
    private List<BenchResults.Run> benchAtATinySize(String scenario, String variants, String duration) {
        Path reports = lab.labDir().resolve(scenario);
        int exit = lab.run("bench", "--scenario", scenario, "--variants", variants, "--duration", duration, "--warmup", "2s",
                "--warm-all", "0s", "--pause", "0s", "--report-dir", reports.toString());
        assertThat(exit).as("./lab bench --scenario " + scenario).isZero();
        return LabCli.onlyResultsIn(reports).runs();
    }

    private static BenchResults.Run run(List<BenchResults.Run> runs, String scenario, String variant) {
        return runs.stream().filter(run -> run.scenario().equals(scenario) && run.variant().equals(variant)).findFirst()
                .orElseThrow();
    }

    private static double worstLag(BenchResults.Run run) {
        return run.observed().stream().flatMap(second -> second.processes().values().stream())
                .filter(sample -> "webflux".equals(sample.role()) && sample.eventLoopLagMillis() != null)
                .mapToDouble(BenchResults.ProcessSample::eventLoopLagMillis).max().orElseThrow();
    }

    private static BenchResults.EndpointLatency products(BenchResults.Run run) {
        return run.summary().endpointsOrEmpty().get("/" + run.variant() + "/products/{id}");
    }
}
