package dev.ep.assignment.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.assignment.core.Assignment;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.ConfigLog;
import dev.ep.assignment.core.HoldoutDefinition;
import dev.ep.assignment.core.LayerDefinition;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.core.TreatmentDefinition;
import dev.ep.assignment.core.UnitType;
import dev.ep.assignment.it.ConfigRecords;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.HoldoutState;
import dev.ep.events.v1.LayerState;
import dev.ep.events.v1.Treatment;
import dev.ep.schemas.AvroTrust;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

    @ParameterizedTest
    @EnumSource(dev.ep.events.v1.UnitType.class)
    void shouldCarryTheLayersUnitTypeWhenConvertingALayer(dev.ep.events.v1.UnitType type) {
        // given
        ExperimentSnapshot layer = layer("units-layer", type);

        // when
        ConfigChange change = SnapshotConverter.convert(SnapshotConverter.keyOf(layer), layer);

        // then
        assertThat(((ConfigChange.LayerPut) change).layer())
                .isEqualTo(new LayerDefinition("units-layer", 10_000, UnitType.valueOf(type.name())));
    }

    @ParameterizedTest
    @EnumSource(dev.ep.events.v1.UnitType.class)
    void shouldCarryTheHoldoutsUnitTypeWhenConvertingAHoldout(dev.ep.events.v1.UnitType type) {
        ExperimentSnapshot holdout = holdout(250, type);

        ConfigChange change = SnapshotConverter.convert(SnapshotConverter.keyOf(holdout), holdout);

        assertThat(((ConfigChange.HoldoutPut) change).holdout())
                .isEqualTo(new HoldoutDefinition(250, "holdout", UnitType.valueOf(type.name())));
    }

    @Test
    void shouldTakeSessionWhenALayerRecordStatesNoUnitType() {
        // a layer built without the field (as before it existed) gets the schema default
        ExperimentSnapshot layer = ConfigRecords.layer("default-layer");

        ConfigChange change = SnapshotConverter.convert(SnapshotConverter.keyOf(layer), layer);

        assertThat(((ConfigChange.LayerPut) change).layer().unitType()).isEqualTo(UnitType.SESSION);
    }

    @Test
    void shouldApplyButNeverAssignAnUnknownUnitTypeWhenANewerConfigServicePublishesOne() {
        // given: a layer and a holdout of a unit type newer than this service, and a USER layer beside them
        ExperimentSnapshot future = layer("future-layer", dev.ep.events.v1.UnitType.UNKNOWN);
        ExperimentSnapshot holdout = holdout(10_000, dev.ep.events.v1.UnitType.UNKNOWN);
        ExperimentSnapshot userLayer = layer("user-layer", dev.ep.events.v1.UnitType.USER);
        ExperimentSnapshot inFuture = ConfigRecords.snapshot(ConfigRecords.experiment("future-exp", "future-layer",
                10_000, "control", 5_000, "b", 5_000).setUnitType(dev.ep.events.v1.UnitType.UNKNOWN).build(), 1);
        ExperimentSnapshot inUser = ConfigRecords.snapshot(ConfigRecords.experiment("user-exp", "user-layer",
                10_000, "control", 5_000, "b", 5_000).setUnitType(dev.ep.events.v1.UnitType.USER).build(), 1);
        ConfigLog log = new ConfigLog();

        // when: nothing is refused
        for (ExperimentSnapshot s : List.of(future, holdout, userLayer, inFuture, inUser)) {
            assertThat(log.apply(SnapshotConverter.convert(SnapshotConverter.keyOf(s), s))).isTrue();
        }
        CompiledConfig config = log.compile();

        // then: the unknown layer assigns nothing, the unknown holdout holds out nobody, both are warned about
        assertThat(config.warnings()).contains("layer future-layer has an unknown unit type; it assigns nothing",
                "the holdout has an unknown unit type; it holds out nobody");
        Assignment a = config.assign(new AssignmentRequest("s-1", "u-1", null, Map.of()));
        assertThat(a.heldOut()).isFalse();
        assertThat(a.assigned()).extracting(LayerOutcome.Assigned::experimentId).containsExactly("user-exp");
    }

    private static ExperimentSnapshot layer(String id, dev.ep.events.v1.UnitType type) {
        ExperimentSnapshot layer = ConfigRecords.layer(id);
        return ExperimentSnapshot.newBuilder(layer)
                .setLayer(LayerState.newBuilder(layer.getLayer()).setUnitType(type).build()).build();
    }

    private static ExperimentSnapshot holdout(int basisPoints, dev.ep.events.v1.UnitType type) {
        ExperimentSnapshot holdout = ConfigRecords.holdout(basisPoints);
        return ExperimentSnapshot.newBuilder(holdout)
                .setHoldout(HoldoutState.newBuilder(holdout.getHoldout()).setUnitType(type).build()).build();
    }

    private static ExperimentSnapshot withVariables(String variables) {
        ExperimentState state = ConfigRecords.experiment("vars-exp", "vars-layer", 10_000, "control", 5_000, "b", 5_000)
                .build();
        List<Treatment> treatments = state.getTreatments().stream()
                .map(t -> Treatment.newBuilder(t).setVariables(variables).build()).toList();
        return ConfigRecords.snapshot(ExperimentState.newBuilder(state).setTreatments(treatments).build(), 1);
    }
}
