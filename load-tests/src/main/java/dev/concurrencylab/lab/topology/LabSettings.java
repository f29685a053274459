package dev.concurrencylab.lab.topology;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the lab lives and how its JVMs run.
 *
 * @param projectDir the repository root, where the built jars are
 * @param labDir state, logs and the gateway's instance list ({@code .lab/})
 * @param jvmOptions flags for every JVM the lab starts
 */
public record LabSettings(Path projectDir, Path labDir, List<String> jvmOptions) {

    /**
     * Sized for a dozen JVMs on one small machine: the heap cap matters most (it keeps an idle
     * replica's RSS lowest), serial GC spares GC threads on two cores, the rest bound the
     * non-heap areas, and Netty may use Unsafe (services/Dockerfile: without it every header byte
     * goes through a bounds-checked ByteBuffer.put). Override with {@code --jvm-options} or
     * {@code LAB_JVM_OPTIONS}.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xmx128m", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m",
            "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    /**
     * The gateway's heap with the default flags: it holds every in-flight request of every variant
     * (with hundreds of simultaneous users, the replicas' 128 MiB had it collecting its old
     * generation every few seconds).
     */
    static final String GATEWAY_HEAP = "-Xmx384m";

    /** Flags for one service: the defaults (the gateway with its larger heap), or exactly what the user gave. */
    public List<String> jvmOptionsFor(Service service) {
        if (service != Service.GATEWAY || !jvmOptions.equals(DEFAULT_JVM_OPTIONS)) {
            return jvmOptions;
        }
        return jvmOptions.stream().map(option -> option.startsWith("-Xmx") ? GATEWAY_HEAP : option).toList();
    }

    public Path logDir() {
        return labDir.resolve("logs");
    }

    public Path gatewayInstancesFile() {
        return labDir.resolve("gateway-instances.properties");
    }
}
