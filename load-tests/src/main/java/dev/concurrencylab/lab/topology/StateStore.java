package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes {@code <lab dir>/state.json}; writes are atomic, so a crash never leaves half a file. */
public final class StateStore {

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public StateStore(Path labDir) {
        this.file = labDir.resolve("state.json");
    }

    public Optional<LabState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), LabState.class));
    }

    public void save(LabState state) {
        AtomicJson.write(json, file, state);
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
