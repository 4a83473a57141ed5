package dev.ep.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.ep.config.allocation.Range;
import dev.ep.config.change.CommandContext;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigDecider;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.config.support.Commands;
import dev.ep.targeting.TargetingParser;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void shouldDecodeEveryEventTypeToAnEqualEventWhenEncodedCanonically() {
        // given: every event type, decided by the core
        List<ConfigEvent> events = new ArrayList<>();
        ConfigState state = ConfigState.EMPTY;
        ExperimentId x = new ExperimentId("button");
        List<ConfigCommand> commands = List.of(
                new ConfigCommand.CreateLayer(new Layer(new LayerId("checkout"), "Checkout", "", AssignmentUnit.USER)),
                new ConfigCommand.CreateExperiment(Commands.threeTreatments("button", "checkout")),
                new ConfigCommand.UpdateDraft(Commands.threeTreatments("button", "checkout")
                        .withTargeting(TargetingParser.parse("{\"pages\":[\"home\"]}"))),
                new ConfigCommand.ChangeOverrides(x, new Overrides(Map.of("qa-1", "blue"))),
                new ConfigCommand.ChangeTargeting(x, TargetingParser.parse(
                        "{\"pages\":[\"cart\"],\"rule\":{\"any\":[{\"gte\":{\"attribute\":\"v\",\"value\":1.25e1}},"
                                + "{\"in\":{\"attribute\":\"c\",\"values\":[\"DE\",3]}}]}}")),
                new ConfigCommand.Start(x, 1_000),
                new ConfigCommand.Ramp(x, 5_000),
                new ConfigCommand.Ramp(x, 2_000),
                new ConfigCommand.ChangeWeights(x, Map.of("control", 5_000, "green", 2_500, "blue", 2_500)),
                new ConfigCommand.Pause(x),
                new ConfigCommand.Resume(x),
                new ConfigCommand.Stop(x),
                new ConfigCommand.ChangeHoldout(150, Optional.of(AssignmentUnit.USER)),
                new ConfigCommand.DefineCustomMetric(new CustomMetric(new MetricName("wishes"), "wish", Aggregation.SUM,
                        "sum of wishes")),
                new ConfigCommand.DefineCustomMetric(new CustomMetric(new MetricName("errors"), "error", Aggregation.COUNT,
                        ""), MetricSettings.of(1.0 / 3.0, "increase_is_harm")),
                new ConfigCommand.ChangeMetricSettings(new MetricName("conversion"), MetricSettings.of(1e-12, null)),
                new ConfigCommand.ChangeMetricSettings(new MetricName("conversion"), MetricSettings.of(null,
                        "increase_is_harm")));
        for (ConfigCommand c : commands) {
            CommandContext ctx = new CommandContext("alice", Optional.of("why"), Instant.parse("2026-01-01T00:00:00Z"),
                    OptionalLong.empty());
            for (ConfigEvent e : ConfigDecider.decide(state, c, ctx)) {
                events.add(e);
                state = state.apply(e);
            }
        }

        // when / then: canonical text → parse → decode gives the same event, and the same text again
        for (ConfigEvent e : events) {
            String canonical = CanonicalJson.write(EventJson.encode(e));
            ConfigEvent decoded = EventJson.decode(EventJson.type(e), CanonicalJson.parse(canonical), Instant.EPOCH);
            assertThat(decoded).as(EventJson.type(e)).isEqualTo(e);
            assertThat(CanonicalJson.write(EventJson.encode(decoded))).isEqualTo(canonical);
        }
        assertThat(events.stream().map(EventJson::type).distinct()).hasSize(14);
    }

    @Test
    void shouldReadEventsStoredBeforeUnitsAndRampTimesAsSessionAndTheEnvelopeTime() {
        // given: payloads as stored before layers and the holdout had a unit and ramps a time
        Instant committed = Instant.parse("2026-01-02T03:04:05.678Z");
        String layer = "{\"layer\":{\"description\":\"\",\"id\":\"search\",\"name\":\"Search\"}}";
        String holdout = "{\"basisPoints\":150,\"salt\":\"holdout\"}";
        String ramp = "{\"claimed\":[{\"end\":5000,\"start\":1000}],\"fromBasisPoints\":1000,\"id\":\"x\","
                + "\"released\":[],\"trafficBasisPoints\":5000}";

        // when
        ConfigEvent l = EventJson.decode("LAYER_CREATED", CanonicalJson.parse(layer), committed);
        ConfigEvent h = EventJson.decode("HOLDOUT_CHANGED", CanonicalJson.parse(holdout), committed);
        ConfigEvent r = EventJson.decode("EXPERIMENT_RAMPED", CanonicalJson.parse(ramp), committed);

        // then
        assertThat(l).isEqualTo(new ConfigEvent.LayerCreated(new Layer(new LayerId("search"), "Search", "",
                AssignmentUnit.SESSION)));
        assertThat(h).isEqualTo(new ConfigEvent.HoldoutChanged(Holdout.of(150, AssignmentUnit.SESSION)));
        assertThat(r).isEqualTo(new ConfigEvent.Ramped(new ExperimentId("x"), committed, 1_000, 5_000,
                List.of(new Range(1_000, 5_000)), List.of()));
    }

    @Test
    void shouldStoreTheUnitOfLayersAndTheHoldoutAndTheTimeOfRamps() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");

        String layer = CanonicalJson.write(EventJson.encode(new ConfigEvent.LayerCreated(new Layer(new LayerId("m"),
                "M", "", AssignmentUnit.USER))));
        String holdout = CanonicalJson.write(EventJson.encode(new ConfigEvent.HoldoutChanged(
                Holdout.of(100, AssignmentUnit.USER))));
        String ramp = CanonicalJson.write(EventJson.encode(new ConfigEvent.Ramped(new ExperimentId("x"), at, 1_000,
                500, List.of(), List.of(new Range(500, 1_000)))));

        assertThat(layer).isEqualTo("{\"layer\":{\"description\":\"\",\"id\":\"m\",\"name\":\"M\",\"unit\":\"USER\"}}");
        assertThat(holdout).isEqualTo("{\"basisPoints\":100,\"salt\":\"holdout\",\"unit\":\"USER\"}");
        assertThat(ramp).contains("\"at\":\"2026-01-02T03:04:05.678Z\"");
    }

    @Test
    void shouldSortMembersAtEveryLevelWhenCanonical() {
        assertThat(CanonicalJson.canonicalize("{ \"b\": [ {\"y\":1, \"x\":2} ], \"a\": null }"))
                .isEqualTo("{\"a\":null,\"b\":[{\"x\":2,\"y\":1}]}");
    }
}
