package dev.concurrencylab.core.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void durationsAreWrittenInTheLargestWholeUnit() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofNanos(250_000))).isEqualTo("250us");
        assertThat(Durations.format(Duration.ofNanos(7))).isEqualTo("7ns");
    }
}
