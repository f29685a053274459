package dev.concurrencylab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts lab apps as JVM processes bound to 127.0.0.1, each with the lab's JVM flags
 * ({@link JvmFlags}), a traffic and a management port that this launcher gives no other process
 * ({@link Ports}), its replica name as {@code lab.instance-id}, and its output in
 * {@code <name>.log}. Starting does not wait: every app of a topology starts at once, and
 * {@link ReadinessProbe} says when each is ready. One launcher per topology, so that no port is
 * handed out twice.
 */
public final class JvmLauncher {

    private final String java;
    private final JvmFlags flags;
    private final Ports ports;
    private final Path workingDirectory;
    private final boolean ownSession;

    public JvmLauncher(String javaExecutable, JvmFlags flags, Ports ports, Path workingDirectory) {
        this(javaExecutable, flags, ports, workingDirectory, false);
    }

    private JvmLauncher(String javaExecutable, JvmFlags flags, Ports ports, Path workingDirectory, boolean ownSession) {
        this.java = javaExecutable;
        this.flags = flags;
        this.ports = ports;
        this.workingDirectory = workingDirectory;
        this.ownSession = ownSession;
    }

    /**
     * The same launcher, starting each app in a session of its own ({@code setsid}): for the
     * benchmarks. With the kernel's autogroup scheduling (Debian's default) each session is one
     * scheduling group with a fair share of the cores as a whole; an app left in the benchmark
     * script's session would share one with wrk, so wrk's threads would take turns with the app's
     * event loops while nginx, a daemon in its own session, kept a core (measured, gateway/bench).
     */
    public JvmLauncher inOwnSessions() {
        return new JvmLauncher(java, flags, ports, workingDirectory, true);
    }

    /** The java of the running JVM: the lab and its tests run on JDK 25, and so do the apps they start. */
    public static String currentJava() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public JvmFlags flags() {
        return flags;
    }

    public Ports ports() {
        return ports;
    }

    public StartedJvm start(AppLaunch launch) {
        int port = launch.port() == 0 ? ports.free() : launch.port();
        int managementPort = ports.free();
        List<String> command = command(launch, port, managementPort);
        Path log = launch.log();
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new StartedJvm(launch.name(), process, port, managementPort, Instant.now(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launch.name() + ": " + String.join(" ", command), e);
        }
    }

    List<String> command(AppLaunch launch, int port, int managementPort) {
        List<String> command = new ArrayList<>();
        if (ownSession) {
            // setsid does not fork here (a child of the JVM leads no process group): the pid is the app's
            command.add("setsid");
        }
        command.add(java);
        command.addAll(flags.options(launch.sizing()));
        command.addAll(launch.program());
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port,
                "--management.server.address=127.0.0.1", "--management.server.port=" + managementPort,
                "--lab.instance-id=" + launch.name()));
        command.addAll(launch.arguments());
        return command;
    }
}
