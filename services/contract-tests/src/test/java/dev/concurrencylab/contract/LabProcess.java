package dev.concurrencylab.contract;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.concurrencylab.launcher.AppLaunch;
import dev.concurrencylab.launcher.JvmLauncher;
import dev.concurrencylab.launcher.LogTail;
import dev.concurrencylab.launcher.StartedJvm;

/**
 * One lab app started as a separate JVM on loopback, by the lab's own launcher (its JVM flags,
 * ports no other process of the suite has, a log file named after it). Ready when its readiness
 * probe answers 200; if it dies while starting, the failure carries the tail of its log.
 */
final class LabProcess implements AutoCloseable {

    private final StartedJvm jvm;

    private LabProcess(StartedJvm jvm) {
        this.jvm = jvm;
    }

    static LabProcess start(JvmLauncher launcher, AppLaunch launch) {
        return new LabProcess(launcher.start(launch));
    }

    void awaitReady(Http http, Duration timeout) {
        await(name() + " ready").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .failFast(name() + " exited while starting", () -> {
                    if (!jvm.process().isAlive()) {
                        throw new AssertionError(name() + " exited with " + jvm.process().exitValue() + "; log tail:\n"
                                + logTail());
                    }
                })
                .until(() -> http.isUp(managementUri("/actuator/health/readiness")));
    }

    String name() {
        return jvm.name();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + jvm.port() + pathAndQuery);
    }

    URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + jvm.managementPort() + path);
    }

    String logTail() {
        return LogTail.of(jvm.log(), 40);
    }

    /** Graceful stop (SIGTERM), forced after ten seconds. */
    @Override
    public void close() throws InterruptedException {
        jvm.process().destroy();
        if (!jvm.process().waitFor(10, TimeUnit.SECONDS)) {
            jvm.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
