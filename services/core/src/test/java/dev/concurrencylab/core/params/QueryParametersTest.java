package dev.concurrencylab.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.concurrencylab.core.work.IoMode;

class QueryParametersTest {

    private static final Duration MAX_IO = Duration.ofSeconds(10);

    private static QueryParameters query(String name, String... values) {
        return QueryParameters.of(Map.of(name, List.of(values)), Set.of(name));
    }

    @ParameterizedTest
    @CsvSource({"50ms, 50", "2s, 2000", "50, 50", "PT1S, 1000", "10s, 10000", "0, 0", "' 7ms ', 7"})
    void durationsAreReadInEveryDocumentedSpelling(String given, long millis) {
        assertThat(query("io", given).duration("io", Duration.ZERO, MAX_IO)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void absentDurationIsTheDefault() {
        QueryParameters none = QueryParameters.of(Map.of(), Set.of("io"));

        assertThat(none.duration("io", Duration.ofMillis(50), MAX_IO)).isEqualTo(Duration.ofMillis(50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10001ms", "11s", "-1ms", "1d", "soon", "", "99999999999999999999d"})
    void durationOutsideTheBoundsOrUnreadableNamesParameterValueAndRange(String given) {
        assertThatThrownBy(() -> query("io", given).duration("io", Duration.ZERO, MAX_IO))
                .isInstanceOfSatisfying(InvalidParameterException.class, invalid -> {
                    assertThat(invalid.parameter()).isEqualTo("io");
                    assertThat(invalid.value()).isEqualTo(given);
                    assertThat(invalid.allowed()).startsWith("0ms..10s");
                });
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "64KB, 65536", "1MB, 1048576", "0, 0"})
    void sizesAreReadInBytesKilobytesAndMegabytes(String given, int bytes) {
        assertThat(query("bytes", given).bytes("bytes", DataSize.ofMegabytes(1))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1048577", "2MB", "-1", "1.5MB", "lots"})
    void sizeOutsideTheBoundsOrUnreadableIsRefused(String given) {
        assertThatThrownBy(() -> query("bytes", given).bytes("bytes", DataSize.ofMegabytes(1)))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        invalid -> assertThat(invalid.allowed()).startsWith("0..1048576 bytes"));
    }

    @Test
    void unknownParameterIsRefusedAndTheAcceptedOnesListed() {
        assertThatThrownBy(() -> QueryParameters.of(Map.of("cpus", List.of("5ms")), Set.of("io", "cpu")))
                .isInstanceOfSatisfying(InvalidParameterException.class, invalid -> {
                    assertThat(invalid.parameter()).isEqualTo("cpus");
                    assertThat(invalid.allowed()).isEqualTo("parameters [cpu, io]");
                });
    }

    @Test
    void repeatedParameterIsRefused() {
        assertThatThrownBy(() -> query("io", "1ms", "2ms"))
                .isInstanceOfSatisfying(InvalidParameterException.class, invalid -> {
                    assertThat(invalid.value()).isEqualTo("1ms,2ms");
                    assertThat(invalid.allowed()).isEqualTo("one value");
                });
    }

    @Test
    void choicesAreWrittenInLowerCaseWithDashes() {
        assertThat(query("io-mode", "downstream").choice("io-mode", IoMode.SLEEP)).isEqualTo(IoMode.DOWNSTREAM);
        assertThatThrownBy(() -> query("io-mode", "DOWNSTREAM").choice("io-mode", IoMode.SLEEP))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        invalid -> assertThat(invalid.allowed()).isEqualTo("sleep|block|downstream"));
    }

    @ParameterizedTest
    @CsvSource({"200, 200", "404, 404", "503, 503", "599, 599"})
    void responseStatusIsOkOrAnErrorStatus(String given, int status) {
        assertThat(query("status", given).responseStatus("status")).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"201", "302", "399", "600", "199", "abc"})
    void responseStatusThatIsNeitherOkNorAnErrorIsRefused(String given) {
        assertThatThrownBy(() -> query("status", given).responseStatus("status"))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aLongValueIsCutBeforeItIsEchoedBack() {
        String huge = "9".repeat(10_000);

        assertThatThrownBy(() -> query("io", huge).duration("io", Duration.ZERO, MAX_IO))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        invalid -> assertThat(invalid.value()).hasSizeLessThan(100));
    }
}
