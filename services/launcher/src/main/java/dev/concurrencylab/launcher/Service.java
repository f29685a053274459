package dev.concurrencylab.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of process in a lab topology, named as everywhere else in the lab (compose services,
 * Kubernetes Deployments, gateway routes, the {@code variant} metric tag), and how each is started
 * from the jar Maven built.
 */
public enum Service {
    DOWNSTREAM("downstream", "services/downstream/target/downstream-exec.jar", List.of(), null),
    SERVICE_MVC("service-mvc", "services/mvc/target/service-mvc-exec.jar", List.of(), "mvc"),
    SERVICE_VIRTUAL("service-virtual", "services/mvc/target/service-mvc-exec.jar",
            List.of("--spring.profiles.active=virtual"), "virtual"),
    SERVICE_WEBFLUX("service-webflux", "services/webflux/target/service-webflux-exec.jar", List.of(), "webflux"),
    GATEWAY("gateway", "gateway/target/gateway-exec.jar", List.of(), null);

    private final String serviceName;
    private final String jar;
    private final List<String> arguments;
    private final String variant;

    Service(String serviceName, String jar, List<String> arguments, String variant) {
        this.serviceName = serviceName;
        this.jar = jar;
        this.arguments = arguments;
        this.variant = variant;
    }

    /** {@code service-mvc}, ... */
    public String serviceName() {
        return serviceName;
    }

    public Path jar(Path projectDir) {
        return projectDir.resolve(jar);
    }

    /** The gateway's JVM sizing for the gateway, a replica's for every other app. */
    public Sizing sizing() {
        return this == GATEWAY ? Sizing.GATEWAY : Sizing.REPLICA;
    }

    public List<String> arguments() {
        return arguments;
    }

    /** The variant a service replica runs ({@code mvc}, {@code virtual}, {@code webflux}); empty for downstream and gateway. */
    public Optional<String> variant() {
        return Optional.ofNullable(variant);
    }

    /** The variant services, whose replica count a user chooses. */
    public static List<Service> variants() {
        return Arrays.stream(values()).filter(service -> service.variant != null).toList();
    }

    /** By service name ({@code service-webflux}) or variant ({@code webflux}). */
    public static Service named(String name) {
        return Arrays.stream(values())
                .filter(service -> service.serviceName.equals(name) || name.equals(service.variant))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service '%s'; known: %s".formatted(name,
                        Arrays.stream(values()).map(Service::serviceName).toList())));
    }
}
