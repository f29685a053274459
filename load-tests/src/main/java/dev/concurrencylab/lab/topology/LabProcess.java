package dev.concurrencylab.lab.topology;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import dev.concurrencylab.launcher.Service;
import dev.concurrencylab.launcher.StartedJvm;

/**
 * One process of a running topology, as recorded in the lab's state.
 *
 * @param name replica name, e.g. {@code service-webflux-2}; also its {@code lab.instance-id}
 * @param service what it runs
 * @param pid operating-system process id
 * @param port traffic port on 127.0.0.1
 * @param managementPort actuator port on 127.0.0.1
 * @param startedAt when it was launched
 * @param log its log file
 */
public record LabProcess(String name, Service service, long pid, int port, int managementPort, Instant startedAt,
        String log) {

    /** The record of an app the shared launcher just started. */
    public static LabProcess of(Service service, StartedJvm started) {
        return new LabProcess(started.name(), service, started.pid(), started.port(), started.managementPort(),
                started.startedAt(), started.log().toString());
    }

    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    /** Where the shell that waits for it writes its exit status when it ends. */
    public Path exitStatusFile() {
        return Path.of(log).resolveSibling(name + ".exit");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** mvc, virtual, webflux, gateway or downstream: how the bench, the report and the live page group processes. */
    public String role() {
        return service.variant().orElse(service == Service.GATEWAY ? "gateway" : "downstream");
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }
}
