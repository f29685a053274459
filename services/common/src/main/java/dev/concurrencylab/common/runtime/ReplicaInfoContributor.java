package dev.concurrencylab.common.runtime;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds {@code lab: {variant, threadingModel, instance}} to the actuator's {@code info}. */
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
                "instance", instanceId));
    }
}
