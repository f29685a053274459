package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import dev.concurrencylab.launcher.Service;

/**
 * The gateway's static replica lists, as the properties file it reads
 * ({@code lab.gateway.discovery.replicas-file}: one line per service,
 * {@code service-mvc=http://127.0.0.1:9001,http://127.0.0.1:9002}). After a change,
 * {@code POST /actuator/labreplicas} makes the running gateway re-read it at once: no restart.
 */
public final class GatewayInstances {

    private final Path file;

    public GatewayInstances(Path file) {
        this.file = file;
    }

    public String importArgument() {
        return "--lab.gateway.discovery.replicas-file=" + file.toAbsolutePath();
    }

    public void write(LabState state) {
        StringBuilder properties = new StringBuilder("# written by ./lab: the replicas the gateway balances over\n");
        for (Service service : Service.variants()) {
            List<LabProcess> replicas = state.replicasOf(service);
            properties.append(service.serviceName()).append('=')
                    .append(String.join(",", replicas.stream().map(LabProcess::url).toList()))
                    .append('\n');
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
