package dev.ep.simulator.statistical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BinomialBandTest {

    // Reference values: scipy 1.10, binom.ppf(0.0005, n, p) and binom.isf(0.0005, n, p).

    @Test
    void shouldGiveTheIssuesBandAtTenThousandRunsAndAlphaFivePercent() {
        BinomialBand band = BinomialBand.of(10_000, 0.05, 0.999);

        assertThat(band.lower()).isEqualTo(430);
        assertThat(band.upper()).isEqualTo(573);
        // the issue's α ± 0.72 percentage points
        assertThat(band.upperRate() - 0.05).isCloseTo(0.0072, Offset.offset(0.0002));
        assertThat(0.05 - band.lowerRate()).isCloseTo(0.0072, Offset.offset(0.0003));
    }

    @Test
    void shouldWidenTheBandForFewerRuns() {
        BinomialBand band = BinomialBand.of(2_000, 0.05, 0.999);

        assertThat(band.lower()).isEqualTo(69);
        assertThat(band.upper()).isEqualTo(133);
    }

    @Test
    void shouldGiveTheSrmBandAtOnePerMille() {
        assertThat(BinomialBand.of(10_000, 0.001, 0.999).upper()).isEqualTo(22);
    }

    @Test
    void shouldFailWithinCheckOnEitherSideButAtMostCheckOnlyAbove() {
        BinomialBand band = BinomialBand.of(10_000, 0.05, 0.999);

        assertThat(new Check("x", 429, band, Check.Sidedness.WITHIN).passed()).isFalse();
        assertThat(new Check("x", 430, band, Check.Sidedness.WITHIN).passed()).isTrue();
        assertThat(new Check("x", 573, band, Check.Sidedness.WITHIN).passed()).isTrue();
        assertThat(new Check("x", 574, band, Check.Sidedness.WITHIN).passed()).isFalse();
        assertThat(new Check("x", 0, band, Check.Sidedness.AT_MOST).passed()).isTrue();
        assertThat(new Check("x", 574, band, Check.Sidedness.AT_MOST).passed()).isFalse();
    }

    @Test
    void shouldRejectImpossibleBands() {
        assertThatThrownBy(() -> BinomialBand.of(0, 0.05, 0.999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinomialBand.of(10, 1.5, 0.999)).isInstanceOf(IllegalArgumentException.class);
    }
}
