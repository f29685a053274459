package dev.concurrencylab.lab.scenario;

import java.nio.file.Path;

import dev.concurrencylab.lab.topology.LabException;

/** A scenario file that cannot be used: the message names the file, the field and what is allowed. */
public final class ScenarioException extends LabException {

    public ScenarioException(Path file, String field, String problem) {
        super("%s: %s %s".formatted(file, field, problem));
    }
}
