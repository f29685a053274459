package dev.concurrencylab.lab.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine a calibration was measured on, so a plan can say whose costs it uses and warn when
 * they come from another machine.
 *
 * @param cpus cores the JVM sees
 * @param cpuModel the processor's name ({@code /proc/cpuinfo}), or the architecture where that is unknown
 * @param memoryBytes physical memory ({@code /proc/meminfo}), 0 where unknown
 * @param os operating system and version
 * @param java the JDK the lab runs on
 */
public record Machine(int cpus, String cpuModel, long memoryBytes, String os, String java) {

    public static Machine thisOne() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), Runtime.version().toString());
    }

    /** Whether costs measured on {@code other} hold here: same cores, processor and memory. */
    public boolean sameHardwareAs(Machine other) {
        return cpus == other.cpus && cpuModel.equals(other.cpuModel) && memoryBytes == other.memoryBytes;
    }

    public String describe() {
        return "%d cores (%s), %d GiB, %s".formatted(cpus, cpuModel, Math.round(memoryBytes / (double) (1L << 30)), os);
    }

    private static String readCpuModel() {
        return procLine("/proc/cpuinfo", "model name")
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse(System.getProperty("os.arch"));
    }

    private static long readMemoryBytes() {
        return procLine("/proc/meminfo", "MemTotal:")
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
                .orElse(0L);
    }

    private static Optional<String> procLine(String file, String prefix) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException notLinux) {
            return Optional.empty();
        }
    }
}
