package dev.ep.schemas.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class ExposureKeyTest {

    @Test
    void shouldJoinFieldsWithSlashesWhenRenderingText() {
        assertThat(new ExposureKey("checkout-button", 2, "SESSION", "s-1").text())
            .isEqualTo("checkout-button/2/SESSION/s-1");
    }

    @Test
    void shouldParseBackEveryKeyWhenUnitIdContainsSlashes() {
        qt().forAll(integers().between(0, 1000), strings().ascii().ofLengthBetween(1, 40))
            .check((phase, unit) -> {
                ExposureKey key = new ExposureKey("exp-1", phase, "USER", unit + "/" + unit);
                return ExposureKey.parse(key.text()).equals(key);
            });
    }

    @Test
    void shouldGiveDifferentTextsWhenKeysDiffer() {
        // ids that would collide in a naive concatenation
        assertThat(new ExposureKey("a", 1, "SESSION", "2/SESSION/x").text())
            .isNotEqualTo(new ExposureKey("a", 12, "SESSION", "x").text());
        assertThat(new ExposureKey("a", 1, "USER", "u").text())
            .isNotEqualTo(new ExposureKey("a", 1, "SESSION", "u").text());
    }

    @Test
    void shouldRefuseExperimentIdWhenItContainsASlash() {
        assertThatThrownBy(() -> new ExposureKey("a/b", 1, "SESSION", "s")).isInstanceOf(
            IllegalArgumentException.class);
        assertThatThrownBy(() -> ExposureKey.parse("a/x/SESSION/s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExposureKey.parse("a/1/SESSION")).isInstanceOf(IllegalArgumentException.class);
    }
}
