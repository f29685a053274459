package dev.concurrencylab.contract;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One lab app started from its runnable jar as a separate JVM on loopback, with its output in a
 * log file named after it. Ready when its readiness probe answers 200; if it dies while starting,
 * the failure carries the tail of its log.
 */
final class LabProcess implements AutoCloseable {

    private static final List<String> JVM_FLAGS = List.of(
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private LabProcess(String name, Process process, Path log, int port, int managementPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    static LabProcess start(String name, Path jar, List<String> arguments) {
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toString(),
                "--server.address=127.0.0.1", "--server.port=" + port,
                "--management.server.address=127.0.0.1", "--management.server.port=" + managementPort,
                "--lab.instance-id=" + name));
        command.addAll(arguments);
        Path log = Path.of(System.getProperty("lab.logs.dir", "target/process-logs")).resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new LabProcess(name, process, log, port, managementPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " from " + jar, e);
        }
    }

    void awaitReady(Http http, Duration timeout) {
        await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .failFast(name + " exited while starting", () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + "; log tail:\n" + logTail());
                    }
                })
                .until(() -> http.isUp(managementUri("/actuator/health/readiness")));
    }

    String name() {
        return name;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Graceful stop (SIGTERM), forced after ten seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
