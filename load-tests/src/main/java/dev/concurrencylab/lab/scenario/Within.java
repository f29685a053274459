package dev.concurrencylab.lab.scenario;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A {@link java.time.Duration} within bounds written the lab's way ({@code 250us}, {@code 500ms},
 * {@code 10s}, {@code 2m}), so that the message shows them as a user writes them. (Hibernate
 * Validator's {@code @DurationMax} takes numbers of units and says "10 seconds"; the file says
 * {@code 10s}.) Null is valid: the field is optional.
 */
@Documented
@Constraint(validatedBy = WithinValidator.class)
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface Within {

    String min() default "0ms";

    String max();

    String message() default "must be a duration such as 250us, 500ms, 10s or 2m within {min}..{max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
