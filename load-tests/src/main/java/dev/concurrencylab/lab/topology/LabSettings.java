package dev.concurrencylab.lab.topology;

import java.nio.file.Path;

import dev.concurrencylab.launcher.JvmFlags;

/**
 * Where the lab lives and how its JVMs run.
 *
 * @param projectDir the repository root, where the built jars are
 * @param labDir state, logs and the gateway's instance list ({@code .lab/})
 * @param jvmFlags the flags of every JVM the lab starts: {@code services/jvm}, the same the images
 *         run with, plus what the user added ({@code --jvm-options})
 */
public record LabSettings(Path projectDir, Path labDir, JvmFlags jvmFlags) {

    public Path logDir() {
        return labDir.resolve("logs");
    }

    public Path gatewayInstancesFile() {
        return labDir.resolve("gateway-instances.properties");
    }
}
