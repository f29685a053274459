package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Container;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.launcher.JvmFlags;
import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.launcher.Sizing;

import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.ResultsFile;
/**
 * The root docker-compose.yml on a real Docker engine: images built from the jars Maven just made
 * (base images are local, nothing is pulled), the stack healthy, the gateway balancing over every
 * replica found by DNS, scaling, a replica stopped under traffic, non-root, read-only containers
 * without capabilities, the gateway published on loopback only. One stack
 * for the class; the steps run in order. Skipped where no Docker engine runs; CI runs one and
 * checks that this class ran.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeDeploymentIT {

    private static final Path PROJECT = Path.of(System.getProperty("lab.project.dir", "..")).toAbsolutePath().normalize();
    private static final int GATEWAY_PORT = new Ports().free();

    @org.testcontainers.junit.jupiter.Container
    private static final ComposeContainer STACK = new ComposeContainer(PROJECT.resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withPull(false)
            .withEnv("LAB_GATEWAY_PORT", String.valueOf(GATEWAY_PORT))
            .withEnv("DOCKER_BUILDKIT", "0")
            .withEnv("COMPOSE_DOCKER_CLI_BUILD", "0")
            .waitingFor("gateway-1", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)))
            .withStartupTimeout(Duration.ofMinutes(10));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final DockerClient docker = DockerClientFactory.instance().client();
    private final LabCli lab = new LabCli();

    private static String project() {
        return STACK.getContainerByServiceName("gateway-1").orElseThrow()
                .getContainerInfo().getConfig().getLabels().get("com.docker.compose.project");
    }

    private List<Container> containers(String service) {
        return docker.listContainersCmd()
                .withLabelFilter(List.of("com.docker.compose.project=" + project(), "com.docker.compose.service=" + service))
                .exec();
    }

    @Test
    @Order(1)
    void everyContainerIsHealthyAndRunsAsNonRoot() {
        List<Container> all = docker.listContainersCmd()
                .withLabelFilter(List.of("com.docker.compose.project=" + project())).exec();

        assertThat(all).hasSize(8);
        assertThat(all).allSatisfy(container -> {
            var inspected = docker.inspectContainerCmd(container.getId()).exec();
            assertThat(inspected.getState().getHealth().getStatus()).as(container.getNames()[0]).isEqualTo("healthy");
            assertThat(inspected.getConfig().getUser()).as(container.getNames()[0]).isNotBlank()
                    .doesNotStartWith("0").isNotEqualTo("root");
            var host = inspected.getHostConfig();
            assertThat(host.getReadonlyRootfs()).as("%s: read-only root", container.getNames()[0]).isTrue();
            assertThat(host.getCapDrop()).as("%s: capabilities", container.getNames()[0])
                    .extracting(Object::toString).containsExactly("ALL");
            assertThat(host.getSecurityOpts()).as("%s: security options", container.getNames()[0])
                    .contains("no-new-privileges:true");
        });
        var gateway = docker.inspectContainerCmd(containers("gateway").getFirst().getId()).exec();
        assertThat(gateway.getHostConfig().getPortBindings().getBindings().values()).as("the gateway's published port")
                .flatExtracting(bindings -> List.of(bindings)).extracting(binding -> binding.getHostIp())
                .containsOnly("127.0.0.1");
    }

    @Test
    @Order(1)
    void everyContainerRunsWithTheLabsJvmFlags() throws Exception {
        JvmFlags flags = JvmFlags.of(PROJECT);
        for (Container container : docker.listContainersCmd()
                .withLabelFilter(List.of("com.docker.compose.project=" + project())).exec()) {
            String service = container.getLabels().get("com.docker.compose.service");
            Sizing sizing = service.equals("gateway") ? Sizing.GATEWAY : Sizing.REPLICA;
            List<String> running = new ArrayList<>();
            json.readTree(managementGet(container, "/actuator/info")).path("lab").path("jvmFlags")
                    .forEach(flag -> running.add(flag.asString()));

            assertThat(running).as("%s: the flags of services/jvm (%s), as ./lab runs them", service, sizing)
                    .containsSubsequence(flags.read(sizing));
        }
    }

    @ParameterizedTest
    @Order(2)
    @ValueSource(strings = {"mvc", "virtual", "webflux"})
    void theGatewayReachesEveryReplicaOfEachVariant(String variant) {
        Set<String> replicas = shortIds(containers("service-" + variant));
        assertThat(replicas).hasSize(2);

        Set<String> reached = new HashSet<>();
        await("every " + variant + " replica answers through the gateway").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    reached.add(whoAmI(variant));
                    return reached.containsAll(replicas);
                });
    }

    @Test
    @Order(3)
    void actuatorIsNotReachableThroughTheGateway() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get("/webflux/actuator/health").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void scalingAVariantUpAddsAReplicaThatGetsTraffic() throws Exception {
        compose("up", "-d", "--no-recreate", "--no-build", "--scale", "service-webflux=3", "--wait", "service-webflux");
        Set<String> replicas = shortIds(containers("service-webflux"));
        assertThat(replicas).hasSize(3);

        Set<String> reached = new HashSet<>();
        await("the new replica gets traffic").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    reached.add(whoAmI("webflux"));
                    return reached.containsAll(replicas);
                });
    }

    @Test
    @Order(5)
    void stoppingAReplicaDuringTrafficFailsNoGet() {
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<List<Integer>> traffic = CompletableFuture.supplyAsync(() -> {
            List<Integer> statuses = new ArrayList<>();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (running.get() && Instant.now().isBefore(deadline)) {
                statuses.add(get("/webflux/work?io=20ms").statusCode());
            }
            return statuses;
        });
        Container victim = containers("service-webflux").getFirst();

        docker.stopContainerCmd(victim.getId()).withTimeout(10).exec();
        // keep the traffic on past the gateway's next DNS refresh (5 s), so the stopped replica is dropped
        await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).until(() -> true);
        running.set(false);

        assertThat(traffic.join()).hasSizeGreaterThan(50).allSatisfy(status -> assertThat(status).isEqualTo(200));
    }

    @Test
    @Order(6)
    void benchWithDockerReportsEachContainersCpuAndMemory(@TempDir Path work) throws IOException {
        Path scenario = Files.writeString(work.resolve("tiny.yaml"), """
                description: 10 users, 20 ms of I/O each request.
                users: 10
                duration: 3s
                request: {io: 20ms}
                mix: {work: 100}
                """);

        int exit = Lab.run("--project-dir", PROJECT.toString(), "--lab-dir", work.resolve("lab").toString(), "bench",
                "--target", "http://localhost:" + GATEWAY_PORT, "--docker=" + project(), "--scenario", scenario.toString(),
                "--variants", "mvc", "--warmup", "1s", "--warm-all", "0s", "--report-dir", work.resolve("reports").toString());

        assertThat(exit).isZero();
        Path folder;
        try (var folders = Files.list(work.resolve("reports"))) {
            folder = folders.findFirst().orElseThrow();
        }
        BenchResults.Run run = ResultsFile.read(folder.resolve("results.json")).runs().getFirst();
        assertThat(run.summary().errors()).isEmpty();
        assertThat(run.replicas()).isEqualTo(containers("service-mvc").size());
        List<BenchResults.ProcessSample> samples = run.observed().stream()
                .flatMap(second -> second.processes().values().stream()).toList();
        assertThat(samples).allSatisfy(sample -> assertThat(sample.source()).isEqualTo("docker"));
        assertThat(samples).extracting(BenchResults.ProcessSample::role).contains("mvc", "gateway", "downstream");
        assertThat(samples).filteredOn(sample -> sample.role().equals("mvc"))
                .anySatisfy(sample -> assertThat(sample.cpu()).isPositive())
                .allSatisfy(sample -> assertThat(sample.rssBytes()).isGreaterThan(50.0 * 1024 * 1024));
        assertThat(folder.resolve("index.html")).content().contains("aria-label=\"CPU of the variant's replicas\"");
    }

    @Test
    @Order(7)
    void eventsKillSlowAndScaleReplicasDuringARunAndTheBenchPutsTheProjectBack(@TempDir Path work) throws Exception {
        // after the steps above webflux has 3 containers, one stopped: service-webflux-1 and -2 are the 2 running
        int runningBefore = running("service-webflux").size();
        Path scenario = Files.writeString(work.resolve("events.yaml"), """
                description: 8 users on work while one replica is killed, the next slowed and webflux scaled to 3.
                users: 8
                duration: 8s
                request: {io: 20ms}
                mix: {work: 100}
                events:
                  - {at: 1s, kill: service-webflux-1}
                  - {at: 2s, slow: {replica: service-webflux-1, io: 300ms}}
                  - {at: 3s, scale: webflux=3}
                """);
        Path reports = work.resolve("reports");

        LabCli.Output output = lab.printing("bench", "--target", "http://localhost:" + GATEWAY_PORT, "--docker=" + project(),
                "--scenario", scenario.toString(), "--variants", "webflux", "--warmup", "1s", "--warm-all", "0s",
                "--report-dir", reports.toString());

        assertThat(output.exit()).as(output.text()).isZero();
        BenchResults.Run run = LabCli.onlyResultsIn(reports).runs().getFirst();
        assertThat(run.eventsOrEmpty()).extracting(BenchResults.EventMark::event).containsExactly(
                "kill service-webflux-1", "slow service-webflux-1 by 300ms", "scale webflux=3");
        assertThat(run.eventsOrEmpty()).allSatisfy(event -> assertThat(event.failure()).as(event.event()).isNull());
        assertThat(run.summary().errors()).as("the gateway retried every GET the killed replica dropped").isEmpty();
        assertThat(run.observed()).as("the containers the scale started are sampled too").anySatisfy(second ->
                assertThat(second.processes().values()).filteredOn(sample -> "webflux".equals(sample.role())).hasSize(3));
        List<Container> after = running("service-webflux");
        assertThat(after).as("the project as it was: the same number of webflux replicas running").hasSize(runningBefore);
        for (Container replica : after) {
            assertThat(managementGet(replica, "/actuator/labslowdown")).as("no replica left slowed").contains("\"io\":\"0s\"");
        }
    }

    @Test
    @Order(8)
    void aContainerLostWithoutAnEventStopsTheBenchSayingHowItEnded(@TempDir Path work) throws Exception {
        Path scenario = Files.writeString(work.resolve("long.yaml"), """
                description: 6 users for a minute, unless something goes wrong.
                users: 6
                duration: 60s
                request: {io: 20ms}
                mix: {work: 100}
                """);
        Container victim = running("service-virtual").getFirst();
        double servedBefore = requestsServed(victim);

        CompletableFuture<LabCli.Output> bench = CompletableFuture.supplyAsync(() -> lab.printing("bench", "--target",
                "http://localhost:" + GATEWAY_PORT, "--docker=" + project(), "--scenario", scenario.toString(),
                "--variants", "virtual", "--warmup", "1s", "--warm-all", "0s", "--report-dir", work.resolve("reports").toString()));
        await("the bench's traffic reaches " + victim.getNames()[0]).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> requestsServed(victim) > servedBefore + 20);
        docker.killContainerCmd(victim.getId()).withSignal("KILL").exec();
        LabCli.Output output = bench.join();

        assertThat(output.exit()).as(output.text()).isEqualTo(1);
        assertThat(output.text()).contains("the deployment lost a process during the run",
                victim.getNames()[0].substring(1) + " exited with code 137");
    }

    @Test
    @Order(9)
    void aScaleFromAnotherEnvironmentThanTheProjectsIsRefusedBeforeAnyLoad(@TempDir Path work) throws Exception {
        Path scenario = Files.writeString(work.resolve("scale.yaml"), """
                description: 2 users, webflux scaled to 3 at 1 s.
                users: 2
                duration: 3s
                request: {io: 20ms}
                mix: {work: 100}
                events:
                  - {at: 1s, scale: webflux=3}
                """);
        int runningBefore = running("service-webflux").size();
        // its own process: the lab's compose CLI inherits the environment, and this one differs from the project's
        ProcessBuilder bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                PROJECT.resolve("load-tests/target/lab-exec.jar").toString(), "--project-dir", PROJECT.toString(),
                "--lab-dir", work.resolve("lab").toString(), "bench", "--target", "http://localhost:" + GATEWAY_PORT,
                "--docker=" + project(), "--scenario", scenario.toString(), "--variants", "webflux", "--warm-all", "0s",
                "--report-dir", work.resolve("reports").toString()).redirectErrorStream(true);
        bench.environment().put("LAB_REPLICA_CPUS", "0.75");
        Process process = bench.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("compose would make new service-webflux containers from another configuration than the "
                + "running ones", "LAB_REPLICA_CPUS");
        assertThat(running("service-webflux")).as("nothing scaled").hasSize(runningBefore);
    }

    private List<Container> running(String service) {
        return containers(service).stream().filter(container -> "running".equals(container.getState())).toList();
    }

    /** Requests the replica has answered so far, from its own metrics. */
    private double requestsServed(Container replica) throws InterruptedException {
        return json.readTree(managementGet(replica, "/actuator/metrics/http.server.requests")).path("measurements")
                .path(0).path("value").asDouble();
    }

    /**
     * A GET on a container's management port from inside it (the port is not published): bash's
     * /dev/tcp, as the image's healthcheck does. Returns the body.
     */
    private String managementGet(Container container, String path) throws InterruptedException {
        String request = "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET %s HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3".formatted(path);
        String exec = docker.execCreateCmd(container.getId()).withAttachStdout(true).withCmd("bash", "-c", request)
                .exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        String response = out.toString(StandardCharsets.UTF_8);
        assertThat(response).as("GET %s in %s", path, container.getNames()[0]).matches("(?s)HTTP/1\\.[01] 200 .*");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private String whoAmI(String variant) {
        return json.readTree(get("/" + variant + "/whoami").body()).path("instance").asString();
    }

    private static Set<String> shortIds(List<Container> containers) {
        Set<String> ids = new HashSet<>();
        containers.forEach(container -> ids.add(container.getId().substring(0, 12)));
        return ids;
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + GATEWAY_PORT + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The compose CLI on the stack's own project, for what Testcontainers does not offer (scaling a running stack). */
    private static void compose(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", project(), "-f",
                PROJECT.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LAB_GATEWAY_PORT", String.valueOf(GATEWAY_PORT));
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("compose %s finished", List.of(arguments)).isTrue();
        assertThat(process.exitValue()).as("compose %s exit code", List.of(arguments)).isZero();
    }
}
