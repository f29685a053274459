package dev.concurrencylab.lab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.topology.AtomicJson;

/**
 * {@code <lab dir>/bench-live.json}: the bench writes its current run there every second, the live
 * page (another process) reads it. A file, because the two share nothing else but the lab folder.
 */
public final class LiveRunFile {

    /** Older than this, the bench that wrote it has stopped or is between runs. */
    private static final Duration FRESH = Duration.ofSeconds(3);

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    public LiveRunFile(Path labDir) {
        this.file = labDir.resolve("bench-live.json");
    }

    public void write(LiveRun run) {
        AtomicJson.write(json, file, run);
    }

    /** The run a bench is measuring now, if one wrote in the last few seconds. */
    public Optional<LiveRun> current() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            LiveRun run = json.readValue(file.toFile(), LiveRun.class);
            return System.currentTimeMillis() - run.epochMillis() <= FRESH.toMillis() ? Optional.of(run) : Optional.empty();
        } catch (RuntimeException beingReplaced) {
            return Optional.empty();
        }
    }
}
