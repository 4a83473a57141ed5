package dev.ep.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
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
