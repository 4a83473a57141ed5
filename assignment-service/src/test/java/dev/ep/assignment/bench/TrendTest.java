package dev.ep.assignment.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void shouldFitTheSlopeOfAnExactLine() {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            points.add(new double[] {i, 40 + 0.5 * i});
        }

        Trend trend = Trend.fit(points);

        assertThat(trend.slope()).isCloseTo(0.5, within(1e-12));
        assertThat(trend.lower()).isCloseTo(0.5, within(1e-9));
        assertThat(trend.first()).isCloseTo(40, within(1e-9));
        assertThat(trend.last()).isCloseTo(44.5, within(1e-9));
        assertThat(trend.verdict()).isEqualTo("upward trend");
    }

    @Test
    void shouldFindNoUpwardTrendInAFlatSawtooth() {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            points.add(new double[] {i / 30.0, 60 + (i % 10)}); // climbs and drops back every 10 collections
        }

        Trend trend = Trend.fit(points);

        assertThat(trend.lower()).isNegative();
        assertThat(trend.upper()).isPositive();
        assertThat(trend.upward()).isFalse();
        assertThat(trend.verdict()).isEqualTo("no upward trend");
    }

    @Test
    void shouldFindASmallLeakUnderNoise() {
        Random random = new Random(13);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double minutes = i / 30.0;
            points.add(new double[] {minutes, 60 + 1.0 * minutes + random.nextGaussian()});
        }

        Trend trend = Trend.fit(points);

        assertThat(trend.slope()).isCloseTo(1.0, within(0.1));
        assertThat(trend.upward()).isTrue();
    }

    @Test
    void shouldGiveTheTextbookIntervalOnAKnownCase() {
        // x = 1..5, y = 2, 4, 5, 4, 5: slope 0.6, SSE 2.4, se = sqrt(2.4 / 3 / 10) = 0.28284, t(3) = 3.182
        List<double[]> points = List.of(new double[] {1, 2}, new double[] {2, 4}, new double[] {3, 5},
                new double[] {4, 4}, new double[] {5, 5});

        Trend trend = Trend.fit(points);

        assertThat(trend.slope()).isCloseTo(0.6, within(1e-12));
        assertThat(trend.upper() - trend.slope()).isCloseTo(3.182 * Math.sqrt(0.08), within(1e-9));
        assertThat(trend.upward()).as("0.6 - 0.90 < 0").isFalse();
    }

    @Test
    void shouldUseStudentsQuantiles() {
        assertThat(Trend.t975(8)).isEqualTo(2.306);
        assertThat(Trend.t975(30)).isEqualTo(2.042);
        assertThat(Trend.t975(31)).isCloseTo(2.0395, within(5e-4)); // scipy.stats.t.ppf(0.975, 31) = 2.0395
        assertThat(Trend.t975(100)).isCloseTo(1.9840, within(5e-4));
        assertThat(Trend.t975(10_000)).isCloseTo(1.9602, within(5e-4));
    }

    @Test
    void shouldRefuseAVerdictOnTooFewPoints() {
        Trend trend = Trend.fit(List.of(new double[] {0, 1}, new double[] {1, 2}));

        assertThat(trend.determined()).isFalse();
        assertThat(trend.upward()).isFalse();
        assertThat(trend.verdict()).isEqualTo("too few points for a trend");
    }
}
