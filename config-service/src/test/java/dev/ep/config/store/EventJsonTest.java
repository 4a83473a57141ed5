package dev.ep.config.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.ep.config.change.CommandContext;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigDecider;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
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
                new ConfigCommand.CreateLayer(new Layer(new LayerId("checkout"), "Checkout", "")),
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
                new ConfigCommand.ChangeHoldout(150),
                new ConfigCommand.DefineCustomMetric(new CustomMetric(new MetricName("wishes"), "wish", Aggregation.SUM,
                        "sum of wishes")));
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
            ConfigEvent decoded = EventJson.decode(EventJson.type(e), CanonicalJson.parse(canonical));
            assertThat(decoded).as(EventJson.type(e)).isEqualTo(e);
            assertThat(CanonicalJson.write(EventJson.encode(decoded))).isEqualTo(canonical);
        }
        assertThat(events.stream().map(EventJson::type).distinct()).hasSize(13);
    }

    @Test
    void shouldSortMembersAtEveryLevelWhenCanonical() {
        assertThat(CanonicalJson.canonicalize("{ \"b\": [ {\"y\":1, \"x\":2} ], \"a\": null }"))
                .isEqualTo("{\"a\":null,\"b\":[{\"x\":2,\"y\":1}]}");
    }
}
