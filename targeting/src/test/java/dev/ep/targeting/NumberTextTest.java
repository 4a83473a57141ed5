package dev.ep.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class NumberTextTest {

    /** Fixed seed 0x4E_5458 so CI checks the same 1,000 examples per property on every run. */
    private static final long SEED = 0x4E_5458L;

    private static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(SEED).withExamples(1_000).withShrinkCycles(2_000);
    }

    /** Every long, small ones, and the edges of the parser's exact fast path (2^53, 18 digits). */
    private static Gen<Long> unscaled() {
        return Generate.oneOf(longs().all(), longs().between(-10_000_000L, 10_000_000L),
                arbitrary().pick(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 53, (1L << 53) + 1,
                        -(1L << 53) - 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
                        123_456_789_012_345_678L));
    }

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

    @Test
    void shouldAgreeWithTheJdkForDecimalText() {
        qt().forAll(unscaled(), integers().between(0, 30)).checkAssert((unscaled, scale) -> {
            String text = new BigDecimal(BigInteger.valueOf(unscaled), scale).toPlainString();

            assertThat(NumberText.parse(text)).isEqualTo(Double.parseDouble(text));
        });
    }

    @Test
    void shouldAgreeWithTheJdkForDoubleToString() {
        qt().forAll(RuleProperties.finiteDoubles()).checkAssert(value -> {
            String text = Double.toString(value);

            assertThat(NumberText.parse(text)).isEqualTo(Double.parseDouble(text));
        });
    }
}
