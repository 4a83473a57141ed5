package dev.ep.assignment.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.TreatmentDefinition;
import dev.ep.assignment.it.ConfigRecords;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.Treatment;
import dev.ep.schemas.AvroTrust;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotConverterTest {

    @BeforeAll
    static void trustTheGeneratedClasses() {
        AvroTrust.install();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // as config-service stores them: exact decimals, trailing zeros and huge exponents kept
            "{\"price\":19.999999999999999999,\"size\":1.50,\"huge\":1E+400,\"n\":7}",
            "{\"tiny\":1E-400,\"big\":123456789012345678901234567890,\"neg\":-0.0,\"nested\":{\"a\":[1.10,2E+5]}}",
            // whatever spacing and key order it was written with
            "{ \"b\" : true ,\n \"a\" : null, \"s\": \"caf\\u00e9 \\\"q\\\"\" }",
            "{}"})
    void shouldPassTheVariablesThroughExactlyWhenTheyAreAJsonObject(String variables) {
        // given
        ExperimentSnapshot snapshot = withVariables(variables);

        // when
        ConfigChange change = SnapshotConverter.convert(SnapshotConverter.keyOf(snapshot), snapshot);

        // then: byte for byte what config-service published (through a double, 1E+400 became "Infinity",
        // 19.999999999999999999 became 20.0 and 1.50 became 1.5)
        assertThat(((ConfigChange.ExperimentPut) change).experiment().treatments())
                .extracting(TreatmentDefinition::variables).containsOnly(variables);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"text\"", "42", "", "  ", "{\"a\": 1", "{\"a\": 1} {\"b\": 2}",
            "{\"a\": 1}]", "{\"a\": 1} x", "{\"a\": NaN}", "{'a': 1}", "{\"a\": 01}",
            "{\"a\": 1, \"a\": 2}"})
    void shouldRefuseTheRecordWhenTheVariablesAreNotExactlyOneJsonObject(String variables) {
        ExperimentSnapshot snapshot = withVariables(variables);

        assertThatThrownBy(() -> SnapshotConverter.convert(SnapshotConverter.keyOf(snapshot), snapshot))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("variables");
    }

    private static ExperimentSnapshot withVariables(String variables) {
        ExperimentState state = ConfigRecords.experiment("vars-exp", "vars-layer", 10_000, "control", 5_000, "b", 5_000)
                .build();
        List<Treatment> treatments = state.getTreatments().stream()
                .map(t -> Treatment.newBuilder(t).setVariables(variables).build()).toList();
        return ConfigRecords.snapshot(ExperimentState.newBuilder(state).setTreatments(treatments).build(), 1);
    }
}
