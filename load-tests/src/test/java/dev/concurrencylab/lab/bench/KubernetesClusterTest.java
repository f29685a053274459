package dev.concurrencylab.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import org.junit.jupiter.api.Test;

/**
 * Pods as the bench reads them from {@code kubectl get pods -o json} (written here by fabric8's
 * Kubernetes model, as the API server would; no cluster runs here): oldest first, ready only when
 * Running with every container ready and not being deleted, restarts summed over containers.
 */
class KubernetesClusterTest {

    private final KubernetesCluster cluster = new KubernetesCluster("concurrency-lab");

    private static Pod pod(String name, String created, String phase, boolean ready, int restarts, boolean deleting) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created).endMetadata()
                .withNewStatus().withPhase(phase)
                .addNewContainerStatus().withName("service-webflux").withReady(ready).withRestartCount(restarts).endContainerStatus()
                .endStatus();
        if (deleting) {
            pod.editMetadata().withDeletionTimestamp("2026-12-08T00:10:00Z").endMetadata();
        }
        return pod.build();
    }

    @Test
    void podsAreReadOldestFirstAndReadyOnlyWhenTheyServe() {
        String list = new KubernetesSerialization().asJson(new PodListBuilder().addToItems(
                pod("service-webflux-7c9-zz", "2026-12-08T00:05:00Z", "Running", true, 0, false),
                pod("service-webflux-7c9-aa", "2026-12-08T00:01:00Z", "Running", true, 2, false),
                pod("service-webflux-7c9-bb", "2026-12-08T00:06:00Z", "Pending", false, 0, false),
                pod("service-webflux-7c9-cc", "2026-12-08T00:02:00Z", "Running", true, 0, true),
                pod("service-webflux-7c9-dd", "2026-12-08T00:03:00Z", "Running", false, 1, false)).build());

        assertThat(cluster.parse(list, "service-webflux")).containsExactly(
                new KubernetesCluster.Pod("service-webflux-7c9-aa", "2026-12-08T00:01:00Z", true, 2, "service-webflux"),
                new KubernetesCluster.Pod("service-webflux-7c9-cc", "2026-12-08T00:02:00Z", false, 0, "service-webflux"),
                new KubernetesCluster.Pod("service-webflux-7c9-dd", "2026-12-08T00:03:00Z", false, 1, "service-webflux"),
                new KubernetesCluster.Pod("service-webflux-7c9-zz", "2026-12-08T00:05:00Z", true, 0, "service-webflux"),
                new KubernetesCluster.Pod("service-webflux-7c9-bb", "2026-12-08T00:06:00Z", false, 0, "service-webflux"));
    }

    @Test
    void aListWithoutPodsIsEmpty() {
        assertThat(cluster.parse("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}", "service-mvc")).isEmpty();
    }
}
