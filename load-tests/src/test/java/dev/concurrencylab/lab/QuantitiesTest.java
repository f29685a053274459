package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.concurrencylab.lab.topology.LabException;

/** One way of writing durations for options, scenario files and the services' parameters. */
class QuantitiesTest {

    @Test
    void durationsBelowAMillisecondAreWrittenAsTheServicesTakeThem() {
        assertThat(Quantities.duration("250us")).contains(Duration.ofNanos(250_000));
        assertThat(Quantities.format(Duration.ofNanos(250_000))).isEqualTo("250us");
        assertThat(Quantities.format(Duration.ofNanos(1_500_000))).isEqualTo("1500us");
    }

    @Test
    void wholeUnitsKeepTheirShortestForm() {
        assertThat(Quantities.duration("2000us").map(Quantities::format)).contains("2ms");
        assertThat(Quantities.format(Duration.ofMillis(40))).isEqualTo("40ms");
        assertThat(Quantities.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Quantities.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Quantities.format(Duration.ZERO)).isEqualTo("0ms");
    }

    @Test
    void anythingElseIsRefusedWithTheUnitsThatAreAllowed() {
        assertThat(Quantities.duration("250 µs")).isEmpty();
        assertThat(Quantities.duration("1h")).isEmpty();
        assertThat(Quantities.duration("-5ms")).isEmpty();
        assertThatThrownBy(() -> Quantities.requireDuration("5ns", "--think"))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("--think").hasMessageContaining("250us").hasMessageContaining("5ns");
    }
}
