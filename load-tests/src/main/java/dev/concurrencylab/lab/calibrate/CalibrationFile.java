package dev.concurrencylab.lab.calibrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.topology.AtomicJson;
import dev.concurrencylab.lab.topology.LabException;

/** Reads and writes {@code <lab dir>/calibration.json}; a write is atomic, so a plan never reads half a file. */
public final class CalibrationFile {

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public CalibrationFile(Path labDir) {
        this.file = labDir.resolve("calibration.json");
    }

    public Path path() {
        return file;
    }

    public Optional<Calibration> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Calibration.class));
        } catch (JacksonException unreadable) {
            throw new LabException("cannot read %s (%s): run ./lab plan --calibrate again, or delete it to use the shipped costs"
                    .formatted(file, unreadable.getOriginalMessage()));
        }
    }

    public void save(Calibration calibration) {
        AtomicJson.write(json, file, calibration);
    }
}
