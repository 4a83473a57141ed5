package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumberTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "42", "-1.5", "2e3", "2E-3", "1.25e+2", "0.1", "19.99",
        "123456789012345678901234567890", "0.00000000000000000000000123", "9007199254740993"})
    void shouldReadTheSameDoubleAsTheJdkWhenTextIsANumber(String text) {
        assertThat(NumberText.parse(text)).isEqualTo(Double.parseDouble(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", ".5", "5.", "007", "-01", "1,5", " 1", "1 ", "1e", "1e+",
        "NaN", "Infinity", "-Infinity", "0x10", "1_000", "1.2.3", "１２", "1d", "1f"})
    void shouldNotBeANumberWhenTextBreaksTheGrammar(String text) {
        assertThat(NumberText.parse(text)).isNaN();
    }

    @Property
    void shouldAgreeWithTheJdkForDecimalText(@ForAll long unscaled, @ForAll @IntRange(min = 0, max = 30) int scale) {
        String text = new BigDecimal(java.math.BigInteger.valueOf(unscaled), scale).toPlainString();

        assertThat(NumberText.parse(text)).isEqualTo(Double.parseDouble(text));
    }

    @Property
    void shouldAgreeWithTheJdkForDoubleToString(@ForAll double value) {
        Assume.that(Double.isFinite(value));
        String text = Double.toString(value);

        assertThat(NumberText.parse(text)).isEqualTo(Double.parseDouble(text));
    }
}
