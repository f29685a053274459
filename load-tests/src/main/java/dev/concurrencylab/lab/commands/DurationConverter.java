package dev.concurrencylab.lab.commands;

import java.time.Duration;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import dev.concurrencylab.lab.Quantities;

/**
 * Every duration option of the CLI ({@code --duration 10s}, {@code --think 250us}), written the
 * lab's way as in scenario files; picocli names the option and the value when one is not.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return Quantities.duration(value).orElseThrow(() -> new TypeConversionException(
                "'%s' is not a duration (e.g. 250us, 500ms, 10s, 2m)".formatted(value)));
    }
}
