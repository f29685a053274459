package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one lab app from its runnable jar as a JVM process bound to 127.0.0.1, with its output in
 * {@code .lab/logs/<name>.log}. The process outlives the CLI that started it; the state file
 * remembers it.
 */
public final class Launcher {

    private final LabSettings settings;
    private final AppImages images;
    /** One allocator for every process this launcher starts: no port is given twice. */
    private final Ports ports = new Ports();

    public Launcher(LabSettings settings, AppImages images) {
        this.settings = settings;
        this.images = images;
    }

    public LabProcess start(String name, Service service, List<String> extraArguments) {
        return start(name, service, ports.free(), extraArguments);
    }

    /** A free loopback port none of this launcher's processes has been given. */
    public int freePort() {
        return ports.free();
    }

    /** Keeps the gateway port a user chose from the processes started before the gateway. */
    public void reservePort(int port) {
        ports.reserve(port);
    }

    /** Starts on the given traffic port (the gateway's, which users type). */
    public LabProcess start(String name, Service service, int port, List<String> extraArguments) {
        Path jar = service.jar(settings.projectDir());
        if (!Files.isRegularFile(jar)) {
            throw new LabException("%s is not built (%s missing); run ./mvnw -q package -DskipTests".formatted(
                    service.serviceName(), settings.projectDir().relativize(jar)));
        }
        int managementPort = ports.free();
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(settings.jvmOptionsFor(service));
        command.addAll(images.launch(jar));
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port,
                "--management.server.address=127.0.0.1", "--management.server.port=" + managementPort,
                "--lab.instance-id=" + name));
        command.addAll(service.arguments());
        command.addAll(extraArguments);
        Path log = settings.logDir().resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(settings.projectDir().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new LabProcess(name, service, process.pid(), port, managementPort, Instant.now(), log.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The same JDK the lab runs on (the ./lab script made sure it is 25). */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
