package dev.ep.config.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.MetricName;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExperimentValidationTest {

    private static void refused(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOf(ConfigException.class).hasMessage(message)
                .extracting(e -> ((ConfigException) e).code()).isEqualTo(code);
    }

    private static Treatment t(String name, boolean control, int weight) {
        return new Treatment(name, "", control, weight, Variables.EMPTY);
    }

    private static ExperimentDefinition definition(Treatments treatments, Overrides overrides, List<MetricName> guardrails) {
        return new ExperimentDefinition(new ExperimentId("exp-1"), "Name", null, "owner", null, null, null, treatments,
                null, Optional.of(new MetricName("conversion")), guardrails, overrides);
    }

    @Test
    void shouldExplainEveryTreatmentsProblem() {
        refused(() -> new Treatments(List.of(t("control", true, 10_000))), ErrorCode.INVALID_TREATMENTS,
                "treatments: at least 2 are needed (a control and a variant), got 1");
        refused(() -> new Treatments(List.of(t("a", true, 5_000), t("a", false, 5_000))), ErrorCode.INVALID_TREATMENTS,
                "treatments[1].name: 'a' is used by an earlier treatment");
        refused(() -> new Treatments(List.of(t("a", false, 5_000), t("b", false, 5_000))), ErrorCode.INVALID_TREATMENTS,
                "treatments: exactly one must be the control, found none");
        refused(() -> new Treatments(List.of(t("a", true, 5_000), t("b", true, 5_000))), ErrorCode.INVALID_TREATMENTS,
                "treatments: exactly one must be the control, found 2 (a, b)");
        refused(() -> new Treatments(List.of(t("a", true, 10_000), t("b", false, 0))), ErrorCode.INVALID_WEIGHTS,
                "treatments[1].weight: must be positive, got 0 basis points");
        refused(() -> new Treatments(List.of(t("a", true, 5_000), t("b", false, 4_000))), ErrorCode.INVALID_WEIGHTS,
                "treatments: weights must sum to 10000 basis points (100%), got 9000");
        refused(() -> t("Big Name", true, 1), ErrorCode.INVALID_TREATMENTS,
                "treatment name: 'Big Name' is not valid (1-64 lower-case letters, digits, '_', '-')");
    }

    @Test
    void shouldReadWeightsAsPercentOrBasisPoints() {
        assertThat(Weights.toBasisPoints(List.of(new BigDecimal("33.33"), new BigDecimal("33.33"), new BigDecimal("33.34"))))
                .containsExactly(3_333, 3_333, 3_334);
        assertThat(Weights.toBasisPoints(List.of(new BigDecimal("2500"), new BigDecimal("7500"))))
                .containsExactly(2_500, 7_500);
        refused(() -> Weights.toBasisPoints(List.of(new BigDecimal("50"), new BigDecimal("49.5"))), ErrorCode.INVALID_WEIGHTS,
                "weights: must sum to 100 (percent) or 10000 (basis points), got 99.5");
        refused(() -> Weights.toBasisPoints(List.of(new BigDecimal("33.333"), new BigDecimal("66.667"))),
                ErrorCode.INVALID_WEIGHTS, "weights[0]: percentages may have at most 2 decimals, got 33.333");
        refused(() -> Weights.toBasisPoints(List.of(new BigDecimal("5000.5"), new BigDecimal("4999.5"))),
                ErrorCode.INVALID_WEIGHTS, "weights[0]: basis points must be whole numbers, got 5000.5");
        refused(() -> Weights.toBasisPoints(List.of(new BigDecimal("110"), new BigDecimal("-10"))),
                ErrorCode.INVALID_WEIGHTS, "weights[1]: must be positive, got -10");
    }

    @Test
    void shouldReadTrafficPercent() {
        assertThat(Weights.trafficToBasisPoints(new BigDecimal("12.5"))).isEqualTo(1_250);
        assertThat(Weights.trafficToBasisPoints(new BigDecimal("100"))).isEqualTo(10_000);
        refused(() -> Weights.trafficToBasisPoints(new BigDecimal("0.001")), ErrorCode.INVALID_TRAFFIC,
                "traffic: at most 2 decimals, got 0.001");
        refused(() -> Weights.trafficToBasisPoints(new BigDecimal("101")), ErrorCode.INVALID_TRAFFIC,
                "traffic: must be between 0.01% and 100%, got 101%");
    }

    /**
     * A few bytes of JSON such as {@code 1e999999999} are a valid number with an exponent of a billion: adding it to
     * another weight or printing it with {@code toPlainString} makes BigDecimal build a billion digits (a 1 GB
     * problem detail, or a request thread computing for minutes). They are refused before any arithmetic, and the
     * message shows them in scientific notation.
     */
    @Test
    void shouldRefuseExtremeExponentsBeforeAnyArithmeticWhenReadingWeightsTrafficAndHoldout() {
        refused(() -> Weights.toBasisPoints(List.of(new BigDecimal("1e-999999999"), new BigDecimal("100"))),
                ErrorCode.INVALID_WEIGHTS, "weights[0]: must be at most 10000 with at most 20 decimals, got 1E-999999999");
        refused(() -> Weights.toBasisPoints(List.of(new BigDecimal("50"), new BigDecimal("1e999999999"))),
                ErrorCode.INVALID_WEIGHTS, "weights[1]: must be at most 10000 with at most 20 decimals, got 1E+999999999");
        refused(() -> Weights.toBasisPoints(List.of(new BigDecimal("50"), new BigDecimal("-1e999999999"))),
                ErrorCode.INVALID_WEIGHTS, "weights[1]: must be positive, got -1E+999999999");
        refused(() -> Weights.trafficToBasisPoints(new BigDecimal("1e999999999")), ErrorCode.INVALID_TRAFFIC,
                "traffic: must be between 0.01% and 100%, got 1E+999999999%");
        refused(() -> Weights.trafficToBasisPoints(new BigDecimal("1e-999999999")), ErrorCode.INVALID_TRAFFIC,
                "traffic: at most 2 decimals, got 1E-999999999");
        refused(() -> Weights.percentToBasisPoints("percent", new BigDecimal("-1e-999999999"), 0,
                ErrorCode.INVALID_FIELD), ErrorCode.INVALID_FIELD, "percent: at most 2 decimals, got -1E-999999999");
    }

    @Test
    void shouldReadAHoldoutPercentFromZeroTo100() {
        assertThat(Weights.percentToBasisPoints("percent", new BigDecimal("0"), 0, ErrorCode.INVALID_FIELD)).isZero();
        assertThat(Weights.percentToBasisPoints("percent", new BigDecimal("2.5"), 0, ErrorCode.INVALID_FIELD))
                .isEqualTo(250);
        assertThat(Weights.percentToBasisPoints("percent", new BigDecimal("1E+2"), 0, ErrorCode.INVALID_FIELD))
                .isEqualTo(10_000);
        refused(() -> Weights.percentToBasisPoints("percent", new BigDecimal("0.005"), 0, ErrorCode.INVALID_FIELD),
                ErrorCode.INVALID_FIELD, "percent: at most 2 decimals, got 0.005");
        refused(() -> Weights.percentToBasisPoints("percent", new BigDecimal("100.01"), 0, ErrorCode.INVALID_FIELD),
                ErrorCode.INVALID_FIELD, "percent: must be between 0% and 100%, got 100.01%");
    }

    @Test
    void shouldKeepVariablesAsCompactJsonObjectsOfAtMost16Kb() {
        assertThat(new Variables("{ \"color\" : \"green\", \"size\": [1, 2] }").json())
                .isEqualTo("{\"color\":\"green\",\"size\":[1,2]}");
        refused(() -> new Variables("[1]"), ErrorCode.INVALID_VARIABLES, "variables: must be a JSON object");
        refused(() -> new Variables("{\"a\":1,\"a\":2}"), ErrorCode.INVALID_VARIABLES,
                "variables: malformed JSON: Duplicate Object property \"a\"");
        String big = "{\"a\":\"" + "x".repeat(Variables.MAX_BYTES) + "\"}";
        refused(() -> new Variables(big), ErrorCode.INVALID_VARIABLES,
                "variables: are " + (Variables.MAX_BYTES + 8) + " bytes, at most 16384 allowed");
        assertThatThrownBy(() -> new Variables("{\"a\":")).hasMessageStartingWith("variables: malformed JSON");
    }

    @Test
    void shouldKeepEveryNumberOfTheVariablesExactlyWhenItIsNoDouble() {
        // through a double these became 20.0, 1.5 and the string "Infinity"
        assertThat(new Variables("{\"price\": 19.999999999999999999, \"size\": 1.50, \"huge\": 1e400, \"n\": 7}")
                .json()).isEqualTo("{\"price\":19.999999999999999999,\"size\":1.50,\"huge\":1E+400,\"n\":7}");
    }

    @Test
    void shouldDefaultLayerSaltTargetingAndOverridesAndLeaveTheUnitToTheLayerWhenNotGiven() {
        ExperimentDefinition d = definition(new Treatments(List.of(t("control", true, 5_000), t("b", false, 5_000))),
                null, null);

        assertThat(d.layer()).isEqualTo(LayerId.DEFAULT);
        assertThat(d.unit()).as("no unit given: the decider gives it its layer's").isNull();
        assertThat(d.withUnit(AssignmentUnit.USER).unit()).isEqualTo(AssignmentUnit.USER);
        assertThat(d.salt()).isEqualTo(new Salt("exp-1"));
        assertThat(d.targeting()).isEqualTo(dev.ep.targeting.Targeting.EVERYONE);
        assertThat(d.overrides()).isEqualTo(Overrides.NONE);
        assertThat(d.hypothesis()).isEmpty();
    }

    @Test
    void shouldRefuseRepeatedMetricsAndOverridesToUnknownTreatments() {
        Treatments two = new Treatments(List.of(t("control", true, 5_000), t("b", false, 5_000)));
        refused(() -> definition(two, null, List.of(new MetricName("revenue_per_session"), new MetricName("conversion"))),
                ErrorCode.INVALID_FIELD, "guardrailMetrics[1]: 'conversion' is already the primary metric or an earlier guardrail");
        refused(() -> definition(two, new Overrides(Map.of("s1", "c")), null), ErrorCode.UNKNOWN_TREATMENT,
                "overrides.s1: treatment 'c' does not exist (treatments: control, b)");
        refused(() -> new Overrides(Map.of("has space", "b")), ErrorCode.INVALID_FIELD,
                "overrides: unit id 'has space' must be 1-128 printable ASCII characters without spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "A", "a_b", "a b", "ä"})
    void shouldRefuseIdsThatAreNotSlugs(String id) {
        refused(() -> new ExperimentId(id), ErrorCode.INVALID_FIELD, "experiment id: '" + id
                + "' is not a valid id (1-64 lower-case letters, digits and inner hyphens, e.g. 'checkout-button')");
        assertThatThrownBy(() -> new LayerId(id)).isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldAcceptSlugsUpTo64Characters() {
        assertThat(new ExperimentId("a".repeat(64)).value()).hasSize(64);
        assertThat(new ExperimentId("checkout-button-2").value()).isEqualTo("checkout-button-2");
        assertThatThrownBy(() -> new ExperimentId("a".repeat(65))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new Salt("a:b")).hasMessageContaining("not a valid salt");
    }

    @Test
    void shouldRefuseBlankOrOversizedTexts() {
        Treatments two = new Treatments(List.of(t("control", true, 5_000), t("b", false, 5_000)));
        refused(() -> new ExperimentDefinition(new ExperimentId("x"), " ", null, "o", null, null, null, two, null, null,
                null, null), ErrorCode.INVALID_FIELD, "name: must not be blank");
        refused(() -> new ExperimentDefinition(new ExperimentId("x"), "n", "h".repeat(4_001), "o", null, null, null, two,
                null, null, null, null), ErrorCode.INVALID_FIELD, "hypothesis: is 4001 characters long, at most 4000 allowed");
    }

    @Test
    void shouldGiveEveryErrorCodeAProblemStatus() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.httpStatus()).as(code.name()).isIn(400, 403, 404, 409, 422);
        }
    }
}
