package dev.concurrencylab.common.runtime;

import java.lang.management.ManagementFactory;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code lab: {variant, threadingModel, instance, jvmFlags}} to the actuator's {@code info}:
 * what runs here, and the JVM flags it runs with (as the JVM took them, argument files expanded),
 * so that a local process, a container and a pod can be checked against {@code services/jvm}.
 */
public final class ReplicaInfoContributor implements InfoContributor {

    private final Variant variant;
    private final String instanceId;

    public ReplicaInfoContributor(Variant variant, String instanceId) {
        this.variant = variant;
        this.instanceId = instanceId;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("lab", Map.of(
                "variant", variant.name(),
                "threadingModel", variant.threadingModel(),
                "instance", instanceId,
                "jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }
}
