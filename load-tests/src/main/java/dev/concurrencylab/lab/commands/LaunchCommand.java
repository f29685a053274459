package dev.concurrencylab.lab.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.launcher.AppLaunch;
import dev.concurrencylab.launcher.JvmLauncher;
import dev.concurrencylab.launcher.LogTail;
import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.launcher.ReadinessProbe;
import dev.concurrencylab.launcher.Service;
import dev.concurrencylab.launcher.Sizing;
import dev.concurrencylab.launcher.StartedJvm;

/**
 * {@code ./lab launch}, for the benchmark scripts (gateway/bench/lib.sh): starts one lab app with
 * the same launcher as {@code ./lab up} and the contract tests (the flags of services/jvm, ports no
 * earlier launch of the script was given), in a session of its own, waits until it is ready and
 * prints {@code PORT MANAGEMENT_PORT PID}. The app keeps running after this command exits.
 */
@Command(name = "launch", hidden = true, mixinStandardHelpOptions = true,
        description = "Starts one lab app as ./lab does, in a session of its own, waits until it is ready and prints "
            + "'PORT MANAGEMENT_PORT PID' (for the benchmark scripts).")
public final class LaunchCommand implements Runnable {

    private static final Duration POLL = Duration.ofMillis(200);

    @ParentCommand
    private Lab lab;

    @Option(names = "--name", required = true, description = "The replica's name: its instance id and log file.")
    private String name;

    @Option(names = "--jar", required = true, description = "The runnable jar; its sizing follows from it (gateway or replica).")
    private Path jar;

    @Option(names = "--port", defaultValue = "0", description = "The traffic port; 0 for a free one (default).")
    private int port;

    @Option(names = "--ports-record", required = true, description = "The file of ports handed out so far, shared by "
            + "every launch and free-port of one script.")
    private Path record;

    @Option(names = "--logs", required = true, description = "Where <name>.log goes.")
    private Path logs;

    @Option(names = "--ready-within", defaultValue = "120s", description = "How long it may take to be ready (default: ${DEFAULT-VALUE}).")
    private Duration readyWithin;

    @Parameters(paramLabel = "APP_ARGUMENT", description = "The app's own arguments, after --.")
    private List<String> arguments = new ArrayList<>();

    @Override
    public void run() {
        JvmLauncher launcher = new JvmLauncher(JvmLauncher.currentJava(), lab.jvmFlags(), Ports.recordedIn(record),
                lab.projectDir()).inOwnSessions();
        StartedJvm started;
        try {
            started = launcher.start(AppLaunch.jar(name, sizing(), jar.toAbsolutePath(), arguments, logs).onPort(port));
        } catch (IllegalArgumentException invalid) {
            throw new LabException(invalid.getMessage());
        }
        awaitReady(started);
        System.err.printf("[launch] %s ready on 127.0.0.1:%d (management %d) after %.1f s%n", name, started.port(),
                started.managementPort(), Duration.between(started.startedAt(), Instant.now()).toMillis() / 1000.0);
        System.out.printf("%d %d %d%n", started.port(), started.managementPort(), started.process().pid());
    }

    /** The gateway's sizing for the gateway's jar, a replica's for every other. */
    private Sizing sizing() {
        return Arrays.stream(Service.values())
                .filter(service -> service.jar(lab.projectDir()).getFileName().equals(jar.getFileName()))
                .findFirst().map(Service::sizing).orElse(Sizing.REPLICA);
    }

    private void awaitReady(StartedJvm started) {
        ReadinessProbe probe = new ReadinessProbe();
        Instant deadline = Instant.now().plus(readyWithin);
        while (!probe.isReady(started.managementPort())) {
            if (!started.process().isAlive()) {
                throw new LabException("%s exited while starting. Last lines of %s:%n%s".formatted(name, started.log(),
                        LogTail.of(started.log(), 25)));
            }
            if (Instant.now().isAfter(deadline)) {
                started.process().destroy();
                throw new LabException("%s not ready after %s; see %s".formatted(name, readyWithin, started.log()));
            }
            pause();
        }
    }

    /** Polling an HTTP probe is what readiness is; the pause bounds the polling rate. */
    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for readiness");
        }
    }
}
