package dev.concurrencylab.lab.scenario;

import java.time.Duration;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.concurrencylab.lab.Quantities;

/** Checks {@link Within}. */
public final class WithinValidator implements ConstraintValidator<Within, Duration> {

    private Duration min;
    private Duration max;

    @Override
    public void initialize(Within bounds) {
        min = Quantities.requireDuration(bounds.min(), "@Within min");
        max = Quantities.requireDuration(bounds.max(), "@Within max");
    }

    @Override
    public boolean isValid(Duration value, ConstraintValidatorContext context) {
        return value == null || (value.compareTo(min) >= 0 && value.compareTo(max) <= 0);
    }
}
