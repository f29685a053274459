package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.observability.DashboardQueries;
import dev.concurrencylab.lab.observability.Tools;
import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.launcher.Service;

/**
 * A real Prometheus (Debian's {@code prometheus} package) against a real local lab, with the scrape
 * configuration ./lab up writes: every process's target up, the series of every query of the
 * lab's Grafana dashboard there for the variants the query names (a dashboard whose series were
 * renamed would show empty panels), and a replica ./lab scale adds found without a restart.
 * Skipped where Prometheus is not installed; CI installs it and checks that this class ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final Path PROJECT = Path.of(System.getProperty("lab.project.dir", "..")).toAbsolutePath().normalize();

    private final LabCli lab = new LabCli();
    private final JsonMapper json = JsonMapper.builder().build();
    private Process prometheus;
    private String prometheusUrl;

    @BeforeAll
    void labAndPrometheus() throws IOException {
        Tools.assumeInstalled("prometheus");
        assertThat(lab.run("up", "--replicas", "mvc=1,virtual=1,webflux=2", "--gateway-port", "0")).isZero();
        String gateway = lab.state().only(Service.GATEWAY).orElseThrow().url();
        // every kind of request once or twice, so every series the dashboard reads exists
        for (String variant : List.of("mvc", "virtual", "webflux")) {
            for (String path : List.of("/work?io=5ms", "/work?io=5ms&io-mode=downstream", "/products/7", "/products/7",
                    "/users/3/recommendations")) {
                assertThat(lab.get(gateway + "/" + variant + path).statusCode()).as(variant + path).isEqualTo(200);
            }
        }
        int port = new Ports().free();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path data = Files.createDirectories(lab.labDir().resolve("prometheus-data"));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + configuration(),
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(lab.labDir().resolve("prometheus.log").toFile()).start();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
        if (lab.isUp()) {
            lab.run("down");
        }
    }

    private Path configuration() {
        return lab.labDir().resolve("prometheus/prometheus.yml");
    }

    @Test
    @Order(1)
    void theLabsScrapeConfigurationIsValid() throws Exception {
        Tools.Result check = Tools.run("promtool", "check", "config", configuration().toString());

        assertThat(check.exit()).as(check.output()).isZero();
    }

    @Test
    @Order(2)
    void everyProcessOfTheLabIsScraped() {
        int processes = lab.state().processes().size();

        await("every process of the lab up in Prometheus").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(upTargets()).hasSize(processes));
    }

    @Test
    @Order(3)
    void everySeriesTheDashboardQueriesIsThereForTheVariantsItNames() throws IOException {
        Map<String, Set<String>> metrics = DashboardQueries.metrics(DashboardQueries.dashboard(PROJECT));
        assertThat(metrics).containsKeys("http_server_requests_seconds_bucket", "lab_cache_requests_total",
                "jvm_threads_virtual_live_threads", "lab_slowdown_seconds");

        await("every series of the dashboard in Prometheus").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> metrics.forEach((name, variants) -> {
                    Set<String> present = variantsWith(name);
                    if (variants.isEmpty()) {
                        assertThat(present).as(name).isNotEmpty();
                    } else {
                        assertThat(present).as("%s for %s", name, variants).containsAll(variants);
                    }
                }));
    }

    @Test
    @Order(4)
    void aReplicaTheLabAddsIsScrapedWithoutARestart() {
        assertThat(lab.run("scale", "webflux=3")).isZero();

        await("service-webflux-3 up in Prometheus").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(upTargets()).contains("service-webflux-3"));
    }

    /** The lab processes whose targets are up, by the process label the lab gives each. */
    private Set<String> upTargets() {
        JsonNode targets = json.readTree(lab.get(prometheusUrl + "/api/v1/targets?state=active").body());
        Set<String> up = new HashSet<>();
        for (JsonNode target : targets.path("data").path("activeTargets")) {
            if ("up".equals(target.path("health").asString())) {
                up.add(target.path("labels").path("process").asString());
            }
        }
        return up;
    }

    /** The variant labels of the series of one metric Prometheus has now. */
    private Set<String> variantsWith(String metric) {
        String query = URLEncoder.encode("count by (variant) ({__name__=\"" + metric + "\"})", StandardCharsets.UTF_8);
        JsonNode answer = json.readTree(lab.get(prometheusUrl + "/api/v1/query?query=" + query).body());
        Set<String> variants = new HashSet<>();
        answer.path("data").path("result").forEach(series -> variants.add(series.path("metric").path("variant").asString()));
        return variants;
    }
}
