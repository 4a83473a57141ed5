package dev.ep.stats.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.ep.stats.Holm;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/** Invariants the stream and the Holm families rely on, over generated inputs. */
class StatisticsPropertiesTest {

    private static QuickTheory qt() {
        return QuickTheory.qt().withFixedSeed(20261130L).withExamples(500);
    }

    @Test
    void shouldReturnToTheSameMomentsWhenAUnitIsAddedThenRemoved() {
        // the stream's adder and subtractor: a unit's later order replaces its earlier contribution exactly
        qt().forAll(lists().of(longs().between(-1_000_000_000_000L, 1_000_000_000_000L)).ofSizeBetween(0, 20),
                longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
                longs().between(-1_000_000_000_000L, 1_000_000_000_000L)).checkAssert((values, y, x) -> {
                    ArmMoments arm = ArmMoments.empty("a");
                    for (long value : values) {
                        arm = arm.plus(BigDecimal.valueOf(value), BigDecimal.valueOf(value / 3));
                    }
                    ArmMoments roundTrip = arm.plus(BigDecimal.valueOf(y), BigDecimal.valueOf(x))
                            .minus(BigDecimal.valueOf(y), BigDecimal.valueOf(x));
                    assertThat(roundTrip.n()).isEqualTo(arm.n());
                    assertThat(roundTrip.sumY()).isEqualByComparingTo(arm.sumY());
                    assertThat(roundTrip.sumY2()).isEqualByComparingTo(arm.sumY2());
                    assertThat(roundTrip.sumX()).isEqualByComparingTo(arm.sumX());
                    assertThat(roundTrip.sumX2()).isEqualByComparingTo(arm.sumX2());
                    assertThat(roundTrip.sumXY()).isEqualByComparingTo(arm.sumXY());
                });
    }

    @Test
    void shouldNeverLowerAPValueNorReorderThemWhenHolmAdjusts() {
        qt().forAll(lists().of(doubles().between(0, 1)).ofSizeBetween(0, 40)).checkAssert(values -> {
            double[] p = values.stream().mapToDouble(Double::doubleValue).toArray();
            double[] adjusted = Holm.adjust(p);
            for (int i = 0; i < p.length; i++) {
                assertThat(adjusted[i]).isBetween(p[i], 1.0);
                for (int j = 0; j < p.length; j++) {
                    if (p[i] <= p[j]) {
                        assertThat(adjusted[i]).isLessThanOrEqualTo(adjusted[j]);
                    }
                }
            }
        });
    }

    @Test
    void shouldAcceptEverySetOfRealUnitsWhenTheirSumsAreChecked() {
        // any list of units gives sums the request check accepts (no false "impossible statistics")
        qt().forAll(lists().of(integers().between(-1_000_000, 1_000_000)).ofSizeBetween(0, 30),
                integers().between(1, 7)).checkAssert((values, divisor) -> {
                    ArmMoments arm = ArmMoments.empty("control");
                    for (int value : values) {
                        arm = arm.plus(BigDecimal.valueOf(value, 2), BigDecimal.valueOf(value / divisor));
                    }
                    AnalysisRequest request = new AnalysisRequest("control", 0.05, null, null, null,
                            List.of(new MetricStatistics("m", MetricKind.MEAN, MetricRole.PRIMARY, null,
                                    List.of(arm))), null);
                    assertThat(new Analyzer().analyze(request).metrics()).hasSize(1);
                });
    }
}
