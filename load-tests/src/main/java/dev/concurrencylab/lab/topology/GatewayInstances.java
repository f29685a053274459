package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The gateway's static replica list, as a properties file the gateway imports
 * ({@code spring.config.import=optional:file:...}) in Spring Cloud's simple-discovery format. After
 * a change, {@code POST /actuator/refresh} makes the running gateway re-read it: no restart.
 */
public final class GatewayInstances {

    private final Path file;

    public GatewayInstances(Path file) {
        this.file = file;
    }

    public String importArgument() {
        return "--spring.config.import=optional:file:" + file.toAbsolutePath();
    }

    public void write(LabState state) {
        StringBuilder properties = new StringBuilder("# written by ./lab: the replicas the gateway balances over\n");
        for (Service service : Service.variants()) {
            List<LabProcess> replicas = state.replicasOf(service);
            for (int i = 0; i < replicas.size(); i++) {
                properties.append("spring.cloud.discovery.client.simple.instances.%s[%d].uri=%s%n"
                        .formatted(service.serviceName(), i, replicas.get(i).url()));
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, properties);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
