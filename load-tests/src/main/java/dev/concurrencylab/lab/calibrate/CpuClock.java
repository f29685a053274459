package dev.concurrencylab.lab.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;

/**
 * CPU time a local JVM has spent serving so far: all of its threads but the JIT's compiler
 * threads. A replica's compilers keep working for minutes after its start (40% of an mvc
 * replica's CPU in its first minute, 2026-12-07), in bursts a short window cannot average out;
 * what they spend is not a cost per request. Read from {@code /proc/<pid>/stat} and each thread's
 * {@code /proc/<pid>/task/<tid>/stat}; no library reads a thread's CPU time of another process.
 */
final class CpuClock {

    /** Linux reports times in clock ticks of USER_HZ, which the kernel's ABI fixes at 100 per second. */
    private static final double TICKS_PER_SECOND = 100;

    private CpuClock() {
    }

    static double servingSeconds(LabProcess process) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()));
        try {
            return (ticks(proc.resolve("stat")) - compilerTicks(proc.resolve("task"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            throw new LabException(process.name() + " is not running any more (or /proc is not readable); see " + process.log());
        }
    }

    private static long compilerTicks(Path tasks) throws IOException {
        long total = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        total += ticks(thread.resolve("stat"));
                    }
                } catch (IOException threadEnded) {
                    // a thread that ended between listing and reading: not a compiler (their number is fixed)
                }
            }
        }
        return total;
    }

    /** utime + stime of a {@code stat} line; the fields after the command name, which may hold spaces. */
    private static long ticks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
