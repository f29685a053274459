package dev.concurrencylab.lab.report;

import java.nio.file.Path;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.topology.LabException;

/** {@code results.json}: {@link BenchResults} as JSON, indented for people and diffs. */
public final class ResultsFile {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a count results of an older layout do not have (failed requests per second) reads as 0
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ResultsFile() {
    }

    public static void write(BenchResults results, Path file) {
        JSON.writeValue(file.toFile(), results);
    }

    public static BenchResults read(Path file) {
        try {
            BenchResults results = JSON.readValue(file.toFile(), BenchResults.class);
            if (results.schema() != BenchResults.SCHEMA) {
                throw new LabException("%s has schema %d; this lab reads schema %d".formatted(file, results.schema(),
                        BenchResults.SCHEMA));
            }
            return results;
        } catch (JacksonException e) {
            throw new LabException(file + " is not a bench results file: " + e.getOriginalMessage());
        }
    }
}
