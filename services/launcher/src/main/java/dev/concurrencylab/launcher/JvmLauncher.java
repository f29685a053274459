package dev.concurrencylab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts lab apps as JVM processes bound to 127.0.0.1, each with the lab's JVM flags
 * ({@link JvmFlags}), a traffic and a management port that this launcher gives no other process
 * ({@link Ports}), its replica name as {@code lab.instance-id}, and its output in
 * {@code <name>.log}. Starting does not wait: every app of a topology starts at once, and
 * {@link ReadinessProbe} says when each is ready. One launcher per topology, so that no port is
 * handed out twice.
 */
public final class JvmLauncher {

    private static final Duration FORK_TIMEOUT = Duration.ofSeconds(5);

    private final String java;
    private final JvmFlags flags;
    private final Ports ports;
    private final Path workingDirectory;
    private final boolean ownSession;
    private final boolean exitStatusRecorded;

    public JvmLauncher(String javaExecutable, JvmFlags flags, Ports ports, Path workingDirectory) {
        this(javaExecutable, flags, ports, workingDirectory, false, false);
    }

    private JvmLauncher(String javaExecutable, JvmFlags flags, Ports ports, Path workingDirectory, boolean ownSession,
            boolean exitStatusRecorded) {
        this.java = javaExecutable;
        this.flags = flags;
        this.ports = ports;
        this.workingDirectory = workingDirectory;
        this.ownSession = ownSession;
        this.exitStatusRecorded = exitStatusRecorded;
    }

    /**
     * The same launcher, starting each app in a session of its own ({@code setsid}): for the
     * benchmarks. With the kernel's autogroup scheduling (Debian's default) each session is one
     * scheduling group with a fair share of the cores as a whole; an app left in the benchmark
     * script's session would share one with wrk, so wrk's threads would take turns with the app's
     * event loops while nginx, a daemon in its own session, kept a core (measured, gateway/bench).
     */
    public JvmLauncher inOwnSessions() {
        return new JvmLauncher(java, flags, ports, workingDirectory, true, exitStatusRecorded);
    }

    /**
     * The same launcher, each app run by a shell that waits for it and then writes its exit status
     * to {@link StartedJvm#exitStatus()} ({@code 128 + n} when signal {@code n} ended it): only a
     * parent learns how a process ended, and the lab's apps outlive the command that started them.
     * The shell costs about a megabyte; {@link StartedJvm#pid()} is still the JVM's.
     */
    public JvmLauncher recordingExitStatus() {
        return new JvmLauncher(java, flags, ports, workingDirectory, ownSession, true);
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
        Path exitStatus = exitStatusRecorded ? launch.exitStatus() : null;
        try {
            Files.createDirectories(log.getParent());
            if (exitStatus != null) {
                // a file left by an earlier process of the same name would say this one has ended
                Files.deleteIfExists(exitStatus);
            }
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long pid = exitStatus == null ? process.pid() : jvmUnder(process, launch.name());
            return new StartedJvm(launch.name(), process, pid, port, managementPort, Instant.now(), log, exitStatus);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launch.name() + ": " + String.join(" ", command), e);
        }
    }

    /** The JVM the waiting shell forked: it appears among the shell's children within milliseconds. */
    private static long jvmUnder(Process shell, String name) {
        long deadline = System.nanoTime() + FORK_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> jvm = shell.children().findFirst();
            if (jvm.isPresent()) {
                return jvm.get().pid();
            }
            if (!shell.isAlive()) {
                // the JVM came and went before we saw it (a bad JVM option ends it in milliseconds): the shell's
                // pid, no longer alive, lets the caller report a process that exited while starting, with its log
                return shell.pid();
            }
            Thread.onSpinWait();
        }
        shell.destroyForcibly();
        throw new IllegalStateException("the shell starting " + name + " forked no JVM within " + FORK_TIMEOUT.toMillis() + " ms");
    }

    List<String> command(AppLaunch launch, int port, int managementPort) {
        List<String> command = new ArrayList<>();
        if (ownSession) {
            // setsid does not fork here (a child of the JVM leads no process group): the pid is the app's
            // (or, recording exit status, the waiting shell's, whose child the JVM is, in the same session)
            command.add("setsid");
        }
        if (exitStatusRecorded) {
            // sh -c SCRIPT $0 $@: the JVM runs as the shell's child, and its status goes to $0 when it ends
            command.addAll(List.of("sh", "-c", "\"$@\"; echo $? > \"$0\"", launch.exitStatus().toString()));
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
