package dev.concurrencylab.common.runtime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which replica this process is, as logs, metrics, {@code info} and {@code /whoami} name it.
 *
 * @param instanceId the host name in a container (Docker and Kubernetes set it to the container or
 *     pod name), else {@code <app>-<pid>}; settled before logging starts by
 *     {@code LabDefaultsEnvironmentPostProcessor}, so a value given explicitly wins
 */
@ConfigurationProperties("lab")
public record ReplicaIdentity(String instanceId) {
}
