package dev.concurrencylab.lab.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The files Prometheus and Grafana get beside compose and Kubernetes (k8s/components/observability,
 * mounted by docker-compose.yml's profile {@code observability}): the scrape configurations pass
 * the real {@code promtool check config} where this machine's promtool knows their discovery, the
 * dashboard asks the provisioned data source, and compose mounts files that exist and starts the two
 * only with the profile (the real compose CLI).
 */
class ObservabilityFilesTest {

    private static final Path PROJECT = Path.of(System.getProperty("lab.project.dir", "..")).toAbsolutePath().normalize();
    private static final Path FOLDER = PROJECT.resolve("k8s/components/observability");
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    @Test
    void composesScrapeConfigurationPassesPromtool() throws Exception {
        Tools.Result check = Tools.run("promtool", "check", "config", FOLDER.resolve("prometheus/compose.yml").toString());

        assertThat(check.exit()).as(check.output()).isZero();
        JsonNode job = yaml.readTree(FOLDER.resolve("prometheus/compose.yml").toFile()).path("scrape_configs").path(0);
        assertThat(job.path("honor_labels").asBoolean()).as("the apps' instance and variant labels kept").isTrue();
        assertThat(job.path("dns_sd_configs").path(0).path("names").valueStream().map(JsonNode::asString))
                .as("the DNS names of docker-compose.yml's services").containsExactlyInAnyOrder("service-mvc",
                        "service-virtual", "service-webflux", "gateway", "downstream");
    }

    /** Debian's promtool is built without Kubernetes discovery, so this one is checked for what it must say. */
    @Test
    void kubernetesScrapeConfigurationKeepsTheAnnotatedPodsOfItsNamespace() throws Exception {
        JsonNode job = yaml.readTree(FOLDER.resolve("prometheus/kubernetes.yml").toFile()).path("scrape_configs").path(0);

        assertThat(job.path("honor_labels").asBoolean()).isTrue();
        JsonNode discovery = job.path("kubernetes_sd_configs").path(0);
        assertThat(discovery.path("role").asString()).isEqualTo("pod");
        assertThat(discovery.path("namespaces").path("own_namespace").asBoolean()).isTrue();
        assertThat(job.path("relabel_configs").valueStream().map(rule -> rule.path("source_labels").path(0).asString()))
                .contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
                        "__meta_kubernetes_pod_annotation_prometheus_io_path", "__meta_kubernetes_pod_ip");
    }

    @Test
    void everyPanelAsksTheProvisionedDataSourceWithAQuery() throws Exception {
        JsonNode dashboard = DashboardQueries.dashboard(PROJECT);
        String uid = yaml.readTree(FOLDER.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").path(0).path("uid").asString();

        assertThat(dashboard.path("uid").asString()).isEqualTo("concurrency-lab");
        List<JsonNode> panels = dashboard.path("panels").valueStream().filter(panel -> !"row".equals(panel.path("type").asString()))
                .toList();
        assertThat(panels).hasSizeGreaterThan(10).allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString()).isEqualTo(uid);
            assertThat(panel.path("targets").valueStream().map(target -> target.path("expr").asString()))
                    .as(panel.path("title").asString()).isNotEmpty().allSatisfy(expr -> assertThat(expr).contains("{"));
        });
        assertThat(DashboardQueries.metrics(dashboard)).containsKeys("http_server_requests_seconds_bucket",
                "lab_requests_inflight", "jvm_threads_live_threads", "jvm_threads_virtual_live_threads", "process_cpu_usage",
                "lab_cache_requests_total", "lab_cache_entries", "lab_cache_bytes", "lab_eventloop_lag_seconds");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeMountsTheFilesOfTheComponent() throws Exception {
        Map<String, Object> compose = yaml.readValue(PROJECT.resolve("docker-compose.yml").toFile(), Map.class);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        for (String service : List.of("prometheus", "grafana")) {
            assertThat((List<String>) services.get(service).get("profiles")).containsExactly("observability");
            for (String volume : (List<String>) services.get(service).get("volumes")) {
                Path source = PROJECT.resolve(volume.substring(0, volume.indexOf(':')));
                assertThat(source).as("%s mounts %s", service, volume).exists();
                assertThat(source.normalize()).startsWith(FOLDER);
            }
        }
        assertThat(Files.readString(PROJECT.resolve("docker-compose.yml"))).contains("127.0.0.1}:${LAB_GRAFANA_PORT:-3000}");
    }

    @Test
    void theComposeCliTakesTheProfileAndLeavesItOutByDefault() throws Exception {
        Tools.Result withProfile = Tools.run("docker", "compose", "--project-directory", PROJECT.toString(), "-f",
                PROJECT.resolve("docker-compose.yml").toString(), "--profile", "observability", "config", "--services");
        Tools.Result without = Tools.run("docker", "compose", "--project-directory", PROJECT.toString(), "-f",
                PROJECT.resolve("docker-compose.yml").toString(), "config", "--services");

        assertThat(withProfile.exit()).as(withProfile.output()).isZero();
        assertThat(withProfile.output().lines()).contains("prometheus", "grafana", "gateway");
        assertThat(without.output().lines()).doesNotContain("prometheus", "grafana").contains("gateway");
    }
}
