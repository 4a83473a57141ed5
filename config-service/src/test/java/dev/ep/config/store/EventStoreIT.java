package dev.ep.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.change.ConfigState;
import dev.ep.config.allocation.Range;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.experiment.TrafficStep;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.slot.SlotMap;
import dev.ep.config.support.Commands;
import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.ServiceInstance;
import dev.ep.config.view.Json;
import dev.ep.config.view.Views;
import dev.ep.targeting.TargetingParser;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.ObjectNode;

/** The event log in PostgreSQL: projection equals replay, append-only, and a verifiable hash chain. */
class EventStoreIT {

    @Test
    void shouldHoldExactlyTheReplayedStateInTheProjectionWhenEveryEventTypeWasWritten() {
        Database db = TestPlatform.postgres().newDatabase("config_projection");
        try (ServiceInstance service = ServiceInstance.start(db, ConfigTopics.unique(), false)) {
            // given: every event type
            ConfigStore store = service.store();
            Commands.lifecycle(store, "checkout", "button-colour");
            store.execute(new ConfigCommand.CreateExperiment(Commands.threeTreatments("ranking", "checkout")),
                    Commands.ctx(store, null));
            ExperimentId ranking = new ExperimentId("ranking");
            store.execute(new ConfigCommand.ChangeOverrides(ranking, new Overrides(Map.of("qa-1", "green"))),
                    Commands.ctx(store, null));
            store.execute(new ConfigCommand.ChangeTargeting(ranking, TargetingParser.parse(
                    "{\"pages\":[\"cart\"],\"rule\":{\"gt\":{\"attribute\":\"cart_value\",\"value\":49.5}}}")),
                    Commands.ctx(store, null));
            store.execute(new ConfigCommand.Start(ranking, 2_500), Commands.ctx(store, "go"));
            store.execute(new ConfigCommand.Pause(ranking), Commands.ctx(store, null));
            store.execute(new ConfigCommand.Resume(ranking), Commands.ctx(store, null));
            store.execute(new ConfigCommand.Ramp(ranking, 500), Commands.ctx(store, "too much"));
            store.execute(new ConfigCommand.ChangeHoldout(200), Commands.ctx(store, null));
            store.execute(new ConfigCommand.DefineCustomMetric(new CustomMetric(new MetricName("wishlist_adds"),
                    "wishlist_add", Aggregation.COUNT, "")), Commands.ctx(store, null));

            // when: the log is replayed from the database
            EventStore events = service.bean(EventStore.class);
            List<StoredEvent> log = events.read(0, Long.MAX_VALUE);
            List<ConfigEvent> decoded = new ArrayList<>();
            log.forEach(e -> decoded.add(e.event()));
            ConfigState replayed = ConfigState.replay(decoded);

            // then: it equals the service's state and every projection row, and nothing else is projected
            assertThat(log).hasSize(17);
            assertThat(replayed).isEqualTo(store.state());
            Projection projection = service.bean(Projection.class);
            assertThat(projection.all()).hasSize(replayed.versions().size());
            for (AggregateRef ref : replayed.versions().keySet()) {
                assertThat(projection.storedEquals(ref, (int) replayed.version(ref),
                        Json.write(Views.of(replayed, ref)))).as(ref.key()).isTrue();
            }
        }
    }

    @Test
    void shouldReplayALogWrittenBeforeUnitsAndRampTimesAsSessionAndTheEnvelopeTimeWhenRestarted() {
        Database db = TestPlatform.postgres().newDatabase("config_old_log");
        ConfigTopics topics = ConfigTopics.unique();
        Instant t = Instant.parse("2025-12-01T10:00:00Z");
        ExperimentId x = new ExperimentId("legacy");
        try (ServiceInstance service = ServiceInstance.start(db, topics, false)) {
            // given: after the bootstrap, events as the service stored them before layers and the holdout had a unit
            // and ramps a time (payloads without those members, hash-chained as they were)
            EventStore events = service.bean(EventStore.class);
            appendAsStored(events, new ConfigEvent.LayerCreated(new Layer(new LayerId("search"), "Search", "")),
                    t.plusSeconds(60), n -> ((ObjectNode) n.get("layer")).remove("unit"));
            appendAsStored(events, new ConfigEvent.HoldoutChanged(Holdout.of(150)), t.plusSeconds(120),
                    n -> n.remove("unit"));
            appendAsStored(events, new ConfigEvent.ExperimentCreated(Commands.threeTreatments("legacy", "search")
                    .withUnit(AssignmentUnit.SESSION), t.plusSeconds(180)), t.plusSeconds(180), n -> { });
            appendAsStored(events, new ConfigEvent.ExperimentStarted(x, t.plusSeconds(240), 1_000,
                    List.of(new Range(0, 1_000)), SlotMap.initial(new int[] {3_334, 3_333, 3_333})),
                    t.plusSeconds(240), n -> { });
            appendAsStored(events, new ConfigEvent.Ramped(x, Instant.EPOCH, 1_000, 3_000, List.of(new Range(1_000,
                    3_000)), List.of()), t.plusSeconds(300), n -> n.remove("at"));
        }

        // when: a new instance folds that log
        try (ServiceInstance service = ServiceInstance.start(db, topics, false)) {
            ConfigState state = service.store().state();

            // then: the layer and the holdout are SESSION, the ramp took effect at its envelope time, the chain holds
            assertThat(state.layer(new LayerId("search")).orElseThrow().unit()).isEqualTo(AssignmentUnit.SESSION);
            assertThat(state.holdout()).isEqualTo(Holdout.of(150, AssignmentUnit.SESSION));
            assertThat(state.experiment(x).orElseThrow().currentPhase().traffic()).containsExactly(
                    new TrafficStep(t.plusSeconds(240), 1_000, true), new TrafficStep(t.plusSeconds(300), 3_000, true));
            assertThat(service.store().verify().intact()).isTrue();
            // and: new commands follow on that state (a draft without a unit takes the old layer's, SESSION)
            service.store().execute(new ConfigCommand.CreateExperiment(Commands.threeTreatments("next", "search")),
                    Commands.ctx(service.store(), null));
            assertThat(service.store().state().experiment(new ExperimentId("next")).orElseThrow().definition().unit())
                    .isEqualTo(AssignmentUnit.SESSION);
        }
    }

    /** Appends an event with its payload edited as an older version of the service stored it. */
    private static void appendAsStored(EventStore events, ConfigEvent event, Instant time,
            Consumer<ObjectNode> older) {
        EventStore.Head head = events.head();
        long sequence = head.lastSequence() + 1;
        int version = (int) events.history(event.aggregate()).size() + 1;
        ObjectNode payload = EventJson.encode(event);
        older.accept(payload);
        String text = CanonicalJson.write(payload);
        String type = EventJson.type(event);
        String previous = head.lastHash().orElse(null);
        String hash = HashChain.hash(sequence, event.aggregate().type().name(), event.aggregate().id(), version, type,
                text, "alice", null, time, previous);
        events.append(new StoredEvent(sequence, event.aggregate(), version, type, text, "alice", Optional.empty(), time,
                Optional.ofNullable(previous), hash, event));
        events.moveHead(sequence, hash);
    }

    @Test
    void shouldRefuseUpdateDeleteAndTruncateOfTheEventLogWhenTheTriggerIsActive() {
        Database db = TestPlatform.postgres().newDatabase("config_append_only");
        try (ServiceInstance service = ServiceInstance.start(db, ConfigTopics.unique(), false)) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);

            assertThatThrownBy(() -> jdbc.update("UPDATE config_event SET actor = 'mallory' WHERE sequence = 1"))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> jdbc.update("DELETE FROM config_event WHERE sequence = 1"))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> jdbc.execute("TRUNCATE config_event CASCADE"))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
            assertThat(service.bean(EventStore.class).count()).isEqualTo(1);
        }
    }

    @Test
    void shouldReportTheFirstBrokenSequenceWhenARowWasTamperedWith() throws Exception {
        Database db = TestPlatform.postgres().newDatabase("config_tamper");
        try (ServiceInstance service = ServiceInstance.start(db, ConfigTopics.unique(), false)) {
            // given: a verified chain of 8 events
            ConfigStore store = service.store();
            Commands.lifecycle(store, "checkout", "button-colour");
            assertThat(store.verify()).isEqualTo(new AuditReport(true, 8, Optional.empty(), Optional.empty()));

            // when: a superuser session bypasses the append-only trigger and raises the ramp of sequence 5
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.executeUpdate("UPDATE config_event SET payload = jsonb_set(payload, '{trafficBasisPoints}', '9000')"
                        + " WHERE sequence = 5");
            }

            // then: verification stops at sequence 5
            AuditReport report = store.verify();
            assertThat(report.intact()).isFalse();
            assertThat(report.verifiedThrough()).isEqualTo(4);
            assertThat(report.firstBrokenSequence()).contains(5L);
            assertThat(report.problem()).hasValueSatisfying(p -> assertThat(p).contains("content"));
        }
    }

    @Test
    void shouldReportTheGapWhenTheLastEventWasDeleted() throws Exception {
        Database db = TestPlatform.postgres().newDatabase("config_gap");
        try (ServiceInstance service = ServiceInstance.start(db, ConfigTopics.unique(), false)) {
            Commands.lifecycle(service.store(), "checkout", "button-colour");

            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.executeUpdate("DELETE FROM config_outbox WHERE sequence = 8");
                s.executeUpdate("DELETE FROM config_event WHERE sequence = 8");
            }

            AuditReport report = service.store().verify();
            assertThat(report.intact()).isFalse();
            assertThat(report.verifiedThrough()).isEqualTo(7);
            assertThat(report.firstBrokenSequence()).contains(8L);
        }
    }
}
