package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory of a local process, from /proc (Linux); empty elsewhere or once it is gone. */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    public static OptionalLong of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException unavailable) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
