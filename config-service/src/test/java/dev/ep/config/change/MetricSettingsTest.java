package dev.ep.config.change;

import static dev.ep.config.change.ConfigFixtures.platform;
import static dev.ep.config.change.ConfigFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;

import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.HarmDirection;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** τ² and harm direction per metric: validation, the decider, the fold. */
class MetricSettingsTest {

    private static final MetricName CONVERSION = new MetricName("conversion");
    private static final MetricName ERRORS = new MetricName("errors");

    private static CustomMetric errors() {
        return new CustomMetric(ERRORS, "error", Aggregation.COUNT, "errors per session");
    }

    private static void refused(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOf(ConfigException.class).hasMessageContaining(messagePart)
                .extracting(e -> ((ConfigException) e).code()).isEqualTo(code);
    }

    @Test
    void shouldGiveEveryMetricNoTau2AndDecreaseIsHarmWhenNothingWasSet() {
        ConfigState state = run(platform(), new ConfigCommand.DefineCustomMetric(errors()));

        assertThat(state.metricSettings(CONVERSION)).isEqualTo(MetricSettings.DEFAULT);
        assertThat(state.metricSettings(ERRORS)).isEqualTo(MetricSettings.DEFAULT);
        assertThat(MetricSettings.DEFAULT.tau2()).isEmpty();
        assertThat(MetricSettings.DEFAULT.harmDirection()).isEqualTo(HarmDirection.DECREASE_IS_HARM);
    }

    @Test
    void shouldKeepTheSettingsGivenAtCreationOfACustomMetric() {
        ConfigState state = run(platform(), new ConfigCommand.DefineCustomMetric(errors(),
                MetricSettings.of(0.04, "INCREASE_IS_HARM")));

        assertThat(state.metricSettings(ERRORS)).isEqualTo(
                new MetricSettings(OptionalDouble.of(0.04), HarmDirection.INCREASE_IS_HARM));
        assertThat(state.version(AggregateRef.of(ERRORS))).isEqualTo(1);
    }

    @Test
    void shouldChangeTheSettingsOfABuiltInMetricAsAnEventOfItsAggregate() {
        // when
        ConfigState once = run(platform(), new ConfigCommand.ChangeMetricSettings(CONVERSION,
                MetricSettings.of(2.5e-5, "decrease_is_harm")));
        ConfigState twice = run(once, new ConfigCommand.ChangeMetricSettings(CONVERSION,
                MetricSettings.of(null, "increase_is_harm")));

        // then: each change is an event of metric:conversion; a null tau2 returns to the default
        assertThat(once.metricSettings(CONVERSION).tau2()).hasValue(2.5e-5);
        assertThat(once.version(AggregateRef.of(CONVERSION))).isEqualTo(1);
        assertThat(twice.metricSettings(CONVERSION)).isEqualTo(
                new MetricSettings(OptionalDouble.empty(), HarmDirection.INCREASE_IS_HARM));
        assertThat(twice.version(AggregateRef.of(CONVERSION))).isEqualTo(2);
    }

    @Test
    void shouldRefuseSettingsOfAMetricNotInTheCatalogue() {
        refused(() -> run(platform(), new ConfigCommand.ChangeMetricSettings(ERRORS, MetricSettings.DEFAULT)),
                ErrorCode.METRIC_NOT_FOUND, "metric 'errors' is not in the catalogue");
    }

    @Test
    void shouldRefuseSettingsEqualToTheCurrentOnes() {
        refused(() -> run(platform(), new ConfigCommand.ChangeMetricSettings(CONVERSION, MetricSettings.DEFAULT)),
                ErrorCode.NO_CHANGE, "already has these settings");
    }

    @Test
    void shouldRefuseATau2ThatIsNotAPositiveFiniteNumberInBounds() {
        for (double bad : new double[] {0, -1, 1e-13, 1.0000001e15, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, -0.0}) {
            refused(() -> MetricSettings.of(bad, null), ErrorCode.INVALID_FIELD, "tau2: must be a finite number");
        }
        assertThat(MetricSettings.of(MetricSettings.MIN_TAU2, null).tau2()).hasValue(1e-12);
        assertThat(MetricSettings.of(MetricSettings.MAX_TAU2, null).tau2()).hasValue(1e15);
    }

    @Test
    void shouldRefuseAnUnknownHarmDirection() {
        refused(() -> MetricSettings.of(null, "up"), ErrorCode.INVALID_FIELD,
                "harmDirection: must be decrease_is_harm or increase_is_harm, got 'up'");
        refused(() -> new MetricSettings(OptionalDouble.empty(), null), ErrorCode.INVALID_FIELD,
                "harmDirection: required");
    }

    @Test
    void shouldRefuseToReplayASettingsEventOfAMetricThatDoesNotExist() {
        assertThatThrownBy(() -> platform().apply(new ConfigEvent.MetricSettingsChanged(ERRORS, MetricSettings.DEFAULT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("metric exists");
    }
}
