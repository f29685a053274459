package dev.concurrencylab.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * This machine's CPU busy share between two reads of {@code /proc/stat} (Linux): what tells a reader
 * that the box, not the concurrency model, was the limit. Elsewhere it reads nothing.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");

    private long[] previous = read();

    /** Busy share of all cores since the last call, 0..1, or {@code null} when not readable. */
    Double sample() {
        long[] now = read();
        if (now.length == 0 || previous.length == 0) {
            previous = now;
            return null;
        }
        long busy = (now[0] - previous[0]);
        long total = busy + (now[1] - previous[1]);
        previous = now;
        return total <= 0 ? null : Math.clamp((double) busy / total, 0.0, 1.0);
    }

    /** {busy, idle} jiffies of the machine's "cpu" line; idle includes iowait. */
    private static long[] read() {
        try {
            String first = Files.readAllLines(STAT).getFirst();
            long[] fields = Arrays.stream(first.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
            long idle = fields[3] + (fields.length > 4 ? fields[4] : 0);
            long busy = Arrays.stream(fields).limit(Math.min(fields.length, 8)).sum() - idle;
            return new long[] {busy, idle};
        } catch (IOException | RuntimeException notLinux) {
            return new long[0];
        }
    }
}
