package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kustomize overlay, rendered by the real {@code kubectl kustomize} and parsed into
 * fabric8's model, checked against what the apps, the compose file and the gateway actually say:
 * probes hit ports and paths the apps serve, selectors match pods, names and images agree with
 * docker-compose.yml, pods meet the restricted Pod Security Standard, and so on. No cluster needed.
 */
class KubernetesManifestsTest {

    private static final Path PROJECT = Path.of(System.getProperty("lab.project.dir", "..")).toAbsolutePath().normalize();
    private static final Set<String> VARIANTS = Set.of("service-mvc", "service-virtual", "service-webflux");
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    private List<HasMetadata> render(String overlay) throws IOException, InterruptedException {
        return render(PROJECT.resolve("k8s/overlays/" + overlay));
    }

    private List<HasMetadata> render(Path kustomization) throws IOException, InterruptedException {
        String overlay = kustomization.toString();
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay).redirectErrorStream(true).start();
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize %s:%n%s", overlay, yaml).isZero();
        return serialization.unmarshal(yaml);
    }

    private static <T> List<T> all(List<HasMetadata> resources, Class<T> kind) {
        return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static Properties properties(String path) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(PROJECT.resolve(path))));
        return properties;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "scaled"})
    void probesAndPortsAreTheOnesTheAppsServe(String overlay) throws Exception {
        Properties defaults = properties("services/common/src/main/resources/lab-defaults.properties");
        int trafficPort = Integer.parseInt(defaults.getProperty("server.port"));
        int managementPort = Integer.parseInt(defaults.getProperty("management.server.port"));
        assertThat(defaults.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");

        for (Deployment deployment : all(render(overlay), Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            Map<String, Integer> ports = container.getPorts().stream()
                    .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
            assertThat(ports).as(deployment.getMetadata().getName())
                    .containsEntry("http", trafficPort).containsEntry("management", managementPort);
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
                assertThat(probe.getHttpGet().getPath()).isIn("/actuator/health/liveness", "/actuator/health/readiness");
            }
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "scaled"})
    void everyServiceSelectsPodsOfADeploymentOnANamedPortTheyHave(String overlay) throws Exception {
        List<HasMetadata> resources = render(overlay);
        List<Deployment> deployments = all(resources, Deployment.class);

        for (Service service : all(resources, Service.class)) {
            Deployment target = deployments.stream()
                    .filter(deployment -> deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                            .containsAll(service.getSpec().getSelector().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError("no pods for Service " + service.getMetadata().getName()));
            Set<String> containerPorts = target.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts().stream()
                    .map(ContainerPort::getName).collect(Collectors.toSet());
            service.getSpec().getPorts().forEach(port -> assertThat(containerPorts).contains(port.getTargetPort().getStrVal()));
            if (VARIANTS.contains(service.getMetadata().getName())) {
                assertThat(service.getSpec().getClusterIP()).as("headless: the gateway must see every pod").isEqualTo("None");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "scaled"})
    void namesAgreeWithComposeAndTheGatewaysRoutes(String overlay) throws Exception {
        List<HasMetadata> resources = render(overlay);
        Set<String> deployments = all(resources, Deployment.class).stream().map(d -> d.getMetadata().getName())
                .collect(Collectors.toSet());
        Set<String> services = all(resources, Service.class).stream().map(s -> s.getMetadata().getName())
                .collect(Collectors.toSet());
        Map<String, Object> compose = serialization.unmarshal(Files.readString(PROJECT.resolve("docker-compose.yml")), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> composeServices = (Map<String, Map<String, Object>>) compose.get("services");

        // services of a compose profile (observability) come with a Kubernetes component of their own
        assertThat(deployments).isEqualTo(composeServices.entrySet().stream()
                .filter(service -> !service.getValue().containsKey("profiles")).map(Map.Entry::getKey)
                .collect(Collectors.toSet()));
        Properties gateway = properties("gateway/src/main/resources/application.properties");
        Set<String> routed = gateway.stringPropertyNames().stream().filter(key -> key.endsWith(".uri"))
                .map(gateway::getProperty).filter(uri -> uri.startsWith("lb://")).map(uri -> uri.substring(5))
                .collect(Collectors.toSet());
        assertThat(routed).isEqualTo(VARIANTS);
        assertThat(deployments).containsAll(routed);
        assertThat(services).containsAll(routed).contains("downstream", "gateway");
        assertThat(gateway.getProperty("lab.gateway.discovery.dns.port")).isEqualTo("8080");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local"})
    void imagesAreTheOnesComposeBuilds(String overlay) throws Exception {
        Map<String, Object> compose = serialization.unmarshal(Files.readString(PROJECT.resolve("docker-compose.yml")), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> composeServices = (Map<String, Map<String, Object>>) compose.get("services");

        for (Deployment deployment : all(render(overlay), Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getImage()).as(deployment.getMetadata().getName())
                    .isEqualTo(composeServices.get(deployment.getMetadata().getName()).get("image"));
            assertThat(container.getImagePullPolicy()).as("local images are loaded, never pulled").isEqualTo("Never");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "scaled"})
    void everyPodMeetsTheRestrictedPodSecurityStandard(String overlay) throws Exception {
        List<HasMetadata> resources = render(overlay);
        assertThat(all(resources, Namespace.class)).singleElement().satisfies(namespace -> assertThat(
                namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted"));

        for (Deployment deployment : all(resources, Deployment.class)) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).isTrue();
                assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            }
            assertThat(pod.getVolumes()).anySatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
            assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(15L);
            assertThat(pod.getContainers().getFirst().getLifecycle().getPreStop()).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "scaled"})
    void everyContainerHasRequestsAndLimitsAndVariantsGetTheSame(String overlay) throws Exception {
        List<Deployment> deployments = all(render(overlay), Deployment.class);

        for (Deployment deployment : deployments) {
            var resources = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
            assertThat(resources.getRequests()).as(deployment.getMetadata().getName()).containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(deployment.getMetadata().getName()).containsKeys("cpu", "memory");
        }
        assertThat(deployments.stream().filter(d -> VARIANTS.contains(d.getMetadata().getName()))
                .map(d -> d.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources())
                .distinct()).as("equal resources for every variant, so comparisons are fair").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "scaled"})
    void autoscalersAndDisruptionBudgetsTargetExistingDeployments(String overlay) throws Exception {
        List<HasMetadata> resources = render(overlay);
        List<Deployment> deployments = all(resources, Deployment.class);
        Set<String> names = deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());

        List<HorizontalPodAutoscaler> autoscalers = all(resources, HorizontalPodAutoscaler.class);
        assertThat(autoscalers).extracting(hpa -> hpa.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrderElementsOf(VARIANTS);
        autoscalers.forEach(hpa -> {
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(names).contains(hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        });
        for (PodDisruptionBudget budget : all(resources, PodDisruptionBudget.class)) {
            assertThat(deployments).anySatisfy(deployment -> assertThat(deployment.getSpec().getTemplate().getMetadata()
                    .getLabels().entrySet()).containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    @Test
    void theCacheOffComponentTurnsTheGatewaysGlobalSwitchOff(@TempDir Path folder) throws Exception {
        assertThat(gatewayEnvironment(render(overlayWith(folder, "cache-off")))).containsEntry("LAB_GATEWAY_CACHE_ENABLED", "false");
        assertThat(gatewayEnvironment(render("local"))).doesNotContainKey("LAB_GATEWAY_CACHE_ENABLED");
        assertThat(Files.readString(PROJECT.resolve("gateway/src/main/java/dev/concurrencylab/gateway/config/GatewayProperties.java")))
                .as("the switch the component sets, by relaxed binding").contains("@ConfigurationProperties(\"lab.gateway\")")
                .contains("Cache cache");
    }

    @Test
    void theIngressComponentRoutesEveryPathToTheGatewaysHttpPort(@TempDir Path folder) throws Exception {
        List<HasMetadata> resources = render(overlayWith(folder, "ingress"));

        List<Ingress> ingresses = all(resources, Ingress.class);
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.getFirst();
        assertThat(ingress.getMetadata().getNamespace()).isEqualTo("concurrency-lab");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).as("a host to set for your cluster").isNotBlank();
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                IngressServiceBackend backend = path.getBackend().getService();
                Service gateway = all(resources, Service.class).stream()
                        .filter(service -> service.getMetadata().getName().equals(backend.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError("no Service " + backend.getName()));
                assertThat(gateway.getMetadata().getName()).isEqualTo("gateway");
                assertThat(gateway.getSpec().getPorts()).extracting(port -> port.getName())
                        .contains(backend.getPort().getName());
            });
        });
    }

    @Test
    void theRegistryComponentGivesEveryImageTheRegistrysName(@TempDir Path folder) throws Exception {
        for (Deployment deployment : all(render(overlayWith(folder, "registry")), Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                    .as(deployment.getMetadata().getName()).startsWith("registry.example/concurrency-lab/");
        }
    }

    @Test
    void theObservabilityComponentBringsPrometheusAndGrafanaWithTheLabsOwnFiles(@TempDir Path folder) throws Exception {
        List<HasMetadata> resources = render(overlayWith(folder, "observability"));
        Path files = PROJECT.resolve("k8s/components/observability");

        assertThat(configMap(resources, "prometheus-config").getData())
                .containsEntry("prometheus.yml", Files.readString(files.resolve("prometheus/kubernetes.yml")));
        assertThat(configMap(resources, "grafana-dashboards").getData()).as("the one dashboard file, also compose's")
                .containsEntry("concurrency-lab.json", Files.readString(files.resolve("grafana/dashboards/concurrency-lab.json")));
        assertThat(configMap(resources, "grafana-datasources").getData())
                .containsEntry("prometheus.yml", Files.readString(files.resolve("grafana/provisioning/datasources/prometheus.yml")));
        Set<String> configMaps = all(resources, ConfigMap.class).stream().map(map -> map.getMetadata().getName())
                .collect(Collectors.toSet());
        Set<String> services = all(resources, Service.class).stream().map(service -> service.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(services).contains("prometheus", "grafana");
        for (String name : List.of("prometheus", "grafana")) {
            Deployment deployment = all(resources, Deployment.class).stream()
                    .filter(candidate -> candidate.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            var pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().getFirst();
            assertThat(container.getImage()).as(name).matches("(prom/prometheus|grafana/grafana):v?\\d+\\.\\d+\\.\\d+");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
            assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
            assertThat(pod.getVolumes()).as("%s mounts config maps the component makes", name)
                    .filteredOn(volume -> volume.getConfigMap() != null)
                    .allSatisfy(volume -> assertThat(configMaps).contains(volume.getConfigMap().getName()));
        }
        Deployment prometheus = all(resources, Deployment.class).stream()
                .filter(candidate -> candidate.getMetadata().getName().equals("prometheus")).findFirst().orElseThrow();
        assertThat(prometheus.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("prometheus");
        assertThat(all(resources, Role.class)).singleElement().satisfies(role -> assertThat(role.getRules())
                .singleElement().satisfies(rule -> {
                    assertThat(rule.getResources()).containsExactly("pods");
                    assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
                }));
        assertThat(all(resources, RoleBinding.class)).singleElement().satisfies(binding -> {
            assertThat(binding.getRoleRef().getName()).isEqualTo("prometheus");
            assertThat(binding.getSubjects()).extracting(subject -> subject.getName()).containsExactly("prometheus");
        });
    }

    @Test
    void theServiceMonitorsComponentScrapesEveryLabServiceOnItsManagementPort(@TempDir Path folder) throws Exception {
        List<HasMetadata> resources = render(overlayWith(folder, "service-monitors"));

        assertThat(all(resources, Service.class)).extracting(service -> service.getMetadata().getName())
                .containsExactlyInAnyOrder("downstream", "service-mvc", "service-virtual", "service-webflux", "gateway");
        assertThat(all(resources, Service.class)).allSatisfy(service -> assertThat(service.getSpec().getPorts())
                .as(service.getMetadata().getName()).anySatisfy(port -> {
                    assertThat(port.getName()).isEqualTo("management");
                    assertThat(port.getTargetPort().getStrVal()).isEqualTo("management");
                }));
        GenericKubernetesResource monitor = resources.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(resource -> "ServiceMonitor".equals(resource.getKind()))
                .findFirst().orElseThrow();
        Map<String, Object> spec = monitor.get("spec");
        assertThat(spec).extractingByKey("selector").asString().contains("app.kubernetes.io/part-of=concurrency-lab");
        assertThat(spec).extractingByKey("endpoints").asString()
                .contains("port=management", "path=/actuator/prometheus", "honorLabels=true");
    }

    /** The config map kustomize generated from {@code name} (its name has a content hash appended). */
    private static ConfigMap configMap(List<HasMetadata> resources, String name) {
        return all(resources, ConfigMap.class).stream().filter(map -> map.getMetadata().getName().startsWith(name + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no config map " + name));
    }

    /** A kustomization of the local overlay with one component of k8s/components added, in {@code folder}. */
    private static Path overlayWith(Path folder, String component) throws IOException {
        // kustomize takes other roots only by relative path
        Files.writeString(folder.resolve("kustomization.yaml"), """
                resources:
                  - %s
                components:
                  - %s
                """.formatted(folder.relativize(PROJECT.resolve("k8s/overlays/local")),
                folder.relativize(PROJECT.resolve("k8s/components/" + component))));
        return folder;
    }

    private static Map<String, String> gatewayEnvironment(List<HasMetadata> resources) {
        Deployment gateway = all(resources, Deployment.class).stream()
                .filter(deployment -> deployment.getMetadata().getName().equals("gateway")).findFirst().orElseThrow();
        Map<String, String> environment = new HashMap<>();
        gateway.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()
                .forEach(variable -> environment.put(variable.getName(), variable.getValue()));
        return environment;
    }
}
