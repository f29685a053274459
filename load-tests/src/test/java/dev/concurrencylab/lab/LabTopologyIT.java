package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.calibrate.Calibration;
import dev.concurrencylab.lab.calibrate.CalibrationFile;
import dev.concurrencylab.lab.calibrate.Machine;
import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.ResultsFile;
import dev.concurrencylab.lab.report.RunVerdict;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.launcher.JvmFlags;
import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.lab.topology.StateStore;
import dev.concurrencylab.launcher.Service;

/**
 * The harness end to end, through its CLI and the real jars: up, traffic through the gateway to
 * every replica of every variant, scale up and down under traffic, down leaving nothing behind.
 * One topology for the whole class (JVMs are expensive on two cores), so the steps run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabTopologyIT {

    private final LabCli cli = new LabCli();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<LabProcess> everStarted = new ArrayList<>();

    private final Path labDir = cli.labDir();

    private int lab(String... arguments) {
        return cli.run(arguments);
    }

    private LabCli.Output labPrinting(String... arguments) {
        return cli.printing(arguments);
    }

    private LabState state() {
        LabState state = new StateStore(labDir).load().orElseThrow();
        state.processes().stream().filter(process -> !everStarted.contains(process)).forEach(everStarted::add);
        return state;
    }

    private String gateway() {
        return state().only(Service.GATEWAY).orElseThrow().url();
    }

    @BeforeAll
    void up() {
        assertThat(lab("up", "--replicas", "mvc=1,virtual=1,webflux=1", "--gateway-port", "0")).isZero();
    }

    @AfterAll
    void downEvenIfATestFailed() {
        if (Files.exists(labDir.resolve("state.json"))) {
            lab("down");
        }
    }

    @Test
    @Order(1)
    void everyProcessIsUpAndTheGatewayReachesEveryVariant() throws Exception {
        LabState state = state();
        assertThat(state.processes()).hasSize(5).allSatisfy(process -> assertThat(process.isAlive()).isTrue());
        for (String variant : List.of("mvc", "virtual", "webflux")) {
            var whoAmI = json.readTree(get(gateway() + "/" + variant + "/whoami").body());
            assertThat(whoAmI.path("variant").asString()).isEqualTo(variant);
            assertThat(whoAmI.path("instance").asString()).isEqualTo("service-" + variant + "-1");
        }
        assertThat(get(gateway() + "/webflux/products/42").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theGatewayRunsOneEventLoopPerProcessor() throws Exception {
        LabProcess gateway = state().only(Service.GATEWAY).orElseThrow();
        var info = json.readTree(get("http://127.0.0.1:" + gateway.managementPort() + "/actuator/info").body());
        // Reactor Netty alone would run at least four; this machine's processors are the gateway's too
        assertThat(info.path("lab").path("threadingModel").asString())
                .contains("loops: %1$d, processors: %1$d".formatted(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    @Order(2)
    void everyProcessRunsWithTheLabsJvmFlags() throws Exception {
        JvmFlags flags = JvmFlags.of(Path.of(System.getProperty("lab.project.dir", "..")).toAbsolutePath().normalize());
        for (LabProcess process : state().processes()) {
            var info = json.readTree(get("http://127.0.0.1:" + process.managementPort() + "/actuator/info").body());
            List<String> running = new ArrayList<>();
            info.path("lab").path("jvmFlags").forEach(flag -> running.add(flag.asString()));

            assertThat(running).as("%s: the flags of services/jvm (%s), as the images run them", process.name(),
                    process.service().sizing()).containsSubsequence(flags.read(process.service().sizing()));
        }
    }

    @Test
    @Order(3)
    void secondUpIsRefusedWhileTheLabRuns() {
        assertThat(lab("up", "--gateway-port", "0")).isEqualTo(1);
        assertThat(state().processes()).hasSize(5);
    }

    @Test
    @Order(4)
    void statusReadsEveryProcess() {
        assertThat(lab("status")).isZero();
    }

    @Test
    @Order(5)
    void scalingUpAddsAReplicaThatGetsTraffic() {
        assertThat(lab("scale", "service-webflux=2")).isZero();

        assertThat(state().replicasOf(Service.SERVICE_WEBFLUX)).hasSize(2);
        await("the new replica gets traffic").atMost(Duration.ofSeconds(20)).until(() ->
                json.readTree(get(gateway() + "/webflux/whoami").body()).path("instance").asString()
                        .equals("service-webflux-2"));
    }

    @Test
    @Order(6)
    void scalingDownUnderTrafficFailsNoRequest() {
        String url = gateway() + "/webflux/work?io=20ms";
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<List<Integer>> traffic = CompletableFuture.supplyAsync(() -> {
            List<Integer> statuses = new ArrayList<>();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (running.get() && Instant.now().isBefore(deadline) && statuses.size() < 5000) {
                statuses.add(get(url).statusCode());
            }
            return statuses;
        });
        LabProcess leaving = state().replicasOf(Service.SERVICE_WEBFLUX).get(1);

        assertThat(lab("scale", "webflux=1")).isZero();
        running.set(false);

        assertThat(traffic.join()).isNotEmpty().allSatisfy(status -> assertThat(status).isEqualTo(200));
        assertThat(leaving.isAlive()).isFalse();
        assertThat(state().replicasOf(Service.SERVICE_WEBFLUX)).hasSize(1);
    }

    @Test
    @Order(7)
    void benchComparesTheGatewayCacheOffAndOnRestartingTheGateway() throws IOException {
        assertThat(get(gateway() + "/webflux/products/7").headers().firstValue("X-Cache")).isPresent();
        assertThat(get(gateway() + "/webflux/products/7").headers().firstValue("X-Cache")).contains("HIT");
        Path scenario = Files.writeString(labDir.resolve("hot.yaml"), """
                description: 10 users asking for 5 hot products.
                users: 10
                duration: 3s
                request: {io: 20ms}
                mix: {products: 1}
                keys: {space: 5, distribution: uniform}
                """);

        int exit = lab("bench", "--scenario", scenario.toString(), "--variants", "webflux", "--cache", "off,on",
                "--warmup", "1s", "--warm-all", "0s", "--pause", "0s", "--report-dir", labDir.resolve("reports").toString());

        assertThat(exit).isZero();
        Path folder;
        try (var folders = Files.list(labDir.resolve("reports"))) {
            folder = folders.findFirst().orElseThrow();
        }
        List<BenchResults.Run> runs = ResultsFile.read(folder.resolve("results.json")).runs();
        assertThat(runs).extracting(BenchResults.Run::cache).containsExactly("off", "on");
        assertThat(runs).allSatisfy(run -> assertThat(run.summary().errors()).isEmpty());
        assertThat(RunVerdict.of(runs.get(0)).cacheHitRatio()).as("cache off: nothing from cache").isIn(null, 0.0);
        assertThat(RunVerdict.of(runs.get(1)).cacheHitRatio()).as("cache on: 5 hot keys").isGreaterThan(0.9);
        assertThat(state().cacheOn()).isTrue();
        assertThat(get(gateway() + "/webflux/products/8").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void calibrationMeasuresEveryVariantAndThePlanUsesIt() {
        LabCli.Output calibrated = labPrinting("plan", "--calibrate");

        assertThat(calibrated.exit()).as(calibrated.text()).isZero();
        Calibration calibration = new CalibrationFile(labDir).load().orElseThrow();
        assertThat(calibration.machine().sameHardwareAs(Machine.thisOne())).isTrue();
        assertThat(calibration.costs().variants()).containsOnlyKeys("mvc", "virtual", "webflux");
        assertThat(calibration.costs().variants().values()).allSatisfy(costs -> {
            assertThat(costs.workMicros()).as("CPU per /work request").isPositive();
            assertThat(costs.productMicros()).as("CPU per /products miss").isPositive();
            assertThat(costs.heapPerInFlight()).as("heap per request in flight").isPositive();
            assertThat(costs.idleResidentBytes()).isPositive();
        });
        assertThat(calibration.costs().gatewayProxyMicros()).isPositive();
        assertThat(calibration.costs().variants().get("mvc").residentPerInFlight())
                .as("a platform thread's stack per request in flight").isGreaterThan(
                        calibration.costs().variants().get("webflux").residentPerInFlight());

        LabCli.Output plan = labPrinting("plan", "--users", "600", "--io", "2s");
        assertThat(plan.exit()).isZero();
        assertThat(plan.text()).contains("Costs: calibrated on " + Machine.thisOne().describe());
    }

    @Test
    @Order(9)
    void verifyScalesToThePredictedSizesMeasuresAndPutsTheLabBack() throws IOException {
        assertThat(state().replicasOf(Service.SERVICE_MVC)).hasSize(1);
        Path reports = labDir.resolve("verify-reports");

        // 300 users each waiting 1 s: 300 requests/s, more than one mvc replica's 200 threads carry
        LabCli.Output verified = labPrinting("plan", "--users", "300", "--io", "1s", "--verify", "--variants", "mvc,webflux",
                "--duration", "3s", "--warmup", "2s", "--warm-all", "0s", "--report-dir", reports.toString());

        assertThat(verified.exit()).as(verified.text()).isZero();
        List<String> lines = verified.text().lines().toList();
        assertThat(lines.getLast()).matches("plan error: worst \\d+% \\(throughput\\), \\d+% \\(p99\\)");
        Path folder;
        try (var folders = Files.list(reports)) {
            folder = folders.findFirst().orElseThrow();
        }
        List<BenchResults.Run> runs = ResultsFile.read(folder.resolve("results.json")).runs();
        assertThat(runs).extracting(BenchResults.Run::variant).containsExactly("mvc", "webflux");
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.predicted()).isNotNull();
            assertThat(run.replicas()).as("ran at the predicted size").isEqualTo(run.predicted().replicas());
            assertThat(run.summary().errors()).isEmpty();
        });
        assertThat(runs.getFirst().predicted().replicas()).as("mvc: 200 threads ÷ 1 s per replica").isEqualTo(2);
        assertThat(Files.readString(folder.resolve("index.html"))).contains("Plan vs measured", "plan error: worst");
        assertThat(state().replicasOf(Service.SERVICE_MVC)).as("put back as it was").hasSize(1);
        assertThat(state().replicasOf(Service.SERVICE_WEBFLUX)).hasSize(1);
    }

    @Test
    @Order(10)
    void downStopsEveryProcessAndLeavesNoPortOpen() {
        state();

        assertThat(lab("down")).isZero();

        assertThat(everStarted).isNotEmpty().allSatisfy(process -> {
            assertThat(process.isAlive()).as(process.name()).isFalse();
            assertThat(Ports.isListening(process.port())).as(process.name() + " port").isFalse();
            assertThat(Ports.isListening(process.managementPort())).as(process.name() + " management port").isFalse();
        });
        assertThat(labDir.resolve("state.json")).doesNotExist();
        assertThat(lab("scale", "webflux=2")).as("nothing to scale once down").isEqualTo(1);
    }

    private HttpResponse<String> get(String url) {
        return cli.get(url);
    }
}
