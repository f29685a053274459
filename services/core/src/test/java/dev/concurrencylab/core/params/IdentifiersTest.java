package dev.concurrencylab.core.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @Test
    void plainDigitsInRangeAreAnId() {
        assertThat(Identifiers.parse("id", "42", 1, 100)).isEqualTo(42);
        assertThat(Identifiers.parse("id", "2147483647", 1, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    /** Each of these would otherwise be a second spelling of a valid id, or overflow. */
    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "+7", "-7", "7.0", "1e3", " 7", "0x10", "07a", "2147483648", "99999999999", "0"})
    void anythingElseIsRefusedWithTheRange(String raw) {
        assertThatThrownBy(() -> Identifiers.parse("id", raw, 1, Integer.MAX_VALUE))
                .isInstanceOfSatisfying(InvalidParameterException.class, invalid -> {
                    assertThat(invalid.parameter()).isEqualTo("id");
                    assertThat(invalid.allowed()).isEqualTo("1..2147483647");
                });
    }
}
