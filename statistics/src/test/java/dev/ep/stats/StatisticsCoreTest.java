package dev.ep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked values of the statistics core (the arithmetic is in each comment); {@code AnalysisReferenceIT} checks
 * the same classes against scipy and statsmodels on random inputs.
 */
class StatisticsCoreTest {

    @Test
    void shouldGiveHandComputedWelchFiguresWhenArmsAreOneTwoThreeAndTwoFourSix() {
        // given control {1,2,3}: mean 2, s² 1; treatment {2,4,6}: mean 4, s² 4
        // when
        Welch.Result result = Welch.test(4, 4, 3, 2, 1, 3, 0.05);

        // then V = 4/3 + 1/3 = 5/3; t = 2/sqrt(5/3) = 1.549193...; df = (5/3)² / ((4/3)²/2 + (1/3)²/2) = 50/17
        assertThat(result.difference()).isEqualTo(2.0);
        assertThat(result.statistic()).isCloseTo(2 / Math.sqrt(5.0 / 3), within(1e-15));
        assertThat(result.degreesOfFreedom()).isCloseTo(50.0 / 17, within(1e-14));
        // scipy.stats.ttest_ind([2,4,6],[1,2,3],equal_var=False).pvalue; upper = 2 + t.ppf(.975, 50/17)·sqrt(5/3)
        assertThat(result.pValue()).isCloseTo(0.2208808404940958, within(1e-12));
        assertThat(result.interval().upper()).isCloseTo(6.155399503183472, within(1e-9));
    }

    @Test
    void shouldRefuseWelchWhenBothVariancesAreZeroOrAnArmHasOneUnit() {
        assertThatThrownBy(() -> Welch.test(1, 0, 10, 1, 0, 10, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Welch.test(1, 1, 1, 1, 1, 10, 0.05)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveHandComputedMsprtFiguresWhenDifferenceIsTwoVarianceOneTauSquaredThree() {
        // when
        Msprt.Result result = Msprt.evaluate(2, 1, 3, 0.05);

        // then Λ = sqrt(1/4)·exp(3·4/(2·1·4)) = 0.5·e^1.5, p = 1/Λ
        assertThat(result.alwaysValidP()).isCloseTo(1 / (0.5 * Math.exp(1.5)), within(1e-15));
        // half-width sqrt((1·4/3)·(2 ln 20 + ln 4)) = 3.1364011...
        assertThat(result.confidenceSequence().upper() - 2).isCloseTo(3.1364011027987417, within(1e-12));
        // chance Φ(2·sqrt(3)/sqrt(1·4)) = Φ(sqrt 3)
        assertThat(result.chanceToBeat()).isCloseTo(0.9583677416682248, within(1e-12));
    }

    @Test
    void shouldCapAlwaysValidPAtOneAndReachZeroWithoutOverflowWhenEvidenceIsExtreme() {
        assertThat(Msprt.evaluate(0, 1, 1, 0.05).alwaysValidP()).isEqualTo(1.0);
        Msprt.Result extreme = Msprt.evaluate(1e6, 1e-6, 1e300, 0.05);
        assertThat(extreme.alwaysValidP()).isZero();
        assertThat(extreme.chanceToBeat()).isEqualTo(1.0);
        assertThat(extreme.confidenceSequence().lower()).isFinite();
    }

    @Test
    void shouldAdjustLikeHolmWhenThreePValuesAreGiven() {
        // sorted 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 -> running max 0.06
        assertThat(Holm.adjust(new double[] {0.01, 0.04, 0.03})).containsExactly(0.03, 0.06, 0.06);
        assertThat(Holm.adjust(new double[] {0.5, 0.9})).containsExactly(1.0, 1.0);
        assertThat(Holm.adjust(new double[0])).isEmpty();
    }

    @Test
    void shouldGiveHandComputedBayesFactorsWhenOneOrTwoUnitsArrive() {
        double[] even = {0.5, 0.5};
        // BF(1,0) = Γ(100)/Γ(101) · Γ(51)/Γ(50) / 0.5 = (1/100)·50·2 = 1
        assertThat(SequentialMultinomial.pValue(new long[] {1, 0}, even)).isCloseTo(1.0, within(1e-12));
        // BF(2,0) = 1/(100·101) · 51·50 · 4 = 10200/10100
        assertThat(SequentialMultinomial.pValue(new long[] {2, 0}, even)).isCloseTo(10100.0 / 10200, within(1e-12));
        assertThat(SequentialMultinomial.pValue(new long[] {0, 0}, even)).isEqualTo(1.0);
        assertThat(SequentialMultinomial.pValue(new long[] {1, 5}, new double[] {1, 0})).isZero();
    }

    @Test
    void shouldGiveScipysChiSquareWhenFourHundredEightyAgainstFiveHundredTwenty() {
        // (480−500)²/500 + (520−500)²/500 = 1.6; scipy.stats.chisquare([480,520],[500,500]).pvalue
        PearsonChiSquare.Result result = PearsonChiSquare.test(new long[] {480, 520}, new double[] {0.5, 0.5});
        assertThat(result.statistic()).isCloseTo(1.6, within(1e-12));
        assertThat(result.degreesOfFreedom()).isEqualTo(1);
        assertThat(result.pValue()).isCloseTo(0.20590321073206466, within(1e-12));
    }

    @Test
    void shouldGiveStatsmodelsSampleSizeWhenEffectSizeIsPointTwo() {
        // d = 0.1·10/sqrt(25) = 0.2; NormalIndPower().solve_power(0.2, alpha=.05, power=.8) = 392.443...
        Power.SampleSize size = Power.unitsPerArm(0.1, 10, 25, 0.05, 0.8);
        assertThat(size.effectSize()).isCloseTo(0.2, within(1e-15));
        // statsmodels stops its root search at ~1e-8 relative
        assertThat(size.unitsPerArm()).isCloseTo(392.4430232577885, within(1e-5));
        assertThat(size.unitsPerArmRoundedUp()).isEqualTo(393);
        // 393 per arm, 2 arms, 100 units a day: 7.86 -> 8 days
        assertThat(Power.days(393, 2, 100)).isEqualTo(8);
    }

    @Test
    void shouldRefusePowerWhenTheEffectOrTheVarianceIsZero() {
        assertThatThrownBy(() -> Power.unitsPerArm(0.1, 0, 25, 0.05, 0.8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Power.unitsPerArm(0.1, 10, 0, 0.05, 0.8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Power.unitsPerArm(0.1, 10, 1, 0.5, 0.4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveTheDeltaMethodRatioVarianceWhenEveryUnitHasTheSameRatio() {
        // y = 2x for every unit: the ratio has no variance
        SampleMoments moments = SampleMoments.of(3, big(12), big(56), big(6), big(14), big(28));
        assertThat(DeltaMethod.ratioVariance(moments)).isCloseTo(0, within(1e-12));
        // relative lift of 12 over 10 with Var(m) 1 each: var = 1/100 + 144/10000
        DeltaMethod.Lift lift = DeltaMethod.relativeLift(12, 1, 10, 1, 0.05);
        assertThat(lift.lift()).isCloseTo(0.2, within(1e-15));
        assertThat(lift.standardError()).isCloseTo(Math.sqrt(0.0244), within(1e-15));
    }

    @Test
    void shouldKeepVarianceExactWhenSumsAreHugeAndSpreadIsSmall() {
        // 10^12 units of 10^9 ± 1: double arithmetic on Σy² (~10^30) would cancel to noise
        long n = 1_000_000_000_000L;
        BigDecimal mean = BigDecimal.TEN.pow(9);
        BigDecimal sumY = mean.multiply(BigDecimal.valueOf(n));
        // half the units at mean+1, half at mean−1: Σy² = n·mean² + n
        BigDecimal sumY2 = mean.multiply(mean).multiply(BigDecimal.valueOf(n)).add(BigDecimal.valueOf(n));
        SampleMoments moments = SampleMoments.of(n, sumY, sumY2, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        assertThat(moments.varY()).isCloseTo(n / (n - 1.0), within(1e-12));
    }

    @Test
    void shouldRefuseMomentsWhenFewerThanTwoUnits() {
        assertThatThrownBy(() -> SampleMoments.of(1, big(1), big(1), big(0), big(0), big(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static BigDecimal big(long value) {
        return BigDecimal.valueOf(value);
    }
}
