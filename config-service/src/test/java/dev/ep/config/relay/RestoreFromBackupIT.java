package dev.ep.config.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ep.config.change.ConfigCommand;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.store.ConfigStore;
import dev.ep.config.support.Commands;
import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Records;
import dev.ep.config.support.ServiceInstance;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.ConfigLineage;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 9, section 7: config-service's database restored from a dump taken earlier (the tables copied aside in the
 * real PostgreSQL and copied back, as the table owner does it: the append-only triggers disabled for the copy). The
 * global sequence goes back; the relay notices at start that the database no longer holds what it published, starts
 * epoch 1, republishes the database's state, removes what the database no longer has, and publishes the next change
 * with a sequence below ones already on the topic, under the new epoch, which consumers order first.
 */
class RestoreFromBackupIT {

    private static final List<String> TABLES = List.of("config_event", "config_chain_head", "config_outbox",
            "config_projection");

    @Test
    void shouldStartANewEpochAndPublishNewChangesWhenTheDatabaseIsRestoredFromAnEarlierDump() {
        Database db = TestPlatform.postgres().newDatabase("config_restore");
        ConfigTopics topics = ConfigTopics.unique();
        long publishedBeforeRestore;
        long backupHead;
        // given: a layer and a running experiment, published; a dump taken
        try (ServiceInstance service = ServiceInstance.start(db, topics, true)) {
            ConfigStore store = service.store();
            store.execute(new ConfigCommand.CreateLayer(new Layer(new LayerId("checkout"), "Checkout", "")),
                    Commands.ctx(store, null));
            store.execute(new ConfigCommand.CreateExperiment(Commands.threeTreatments("kept", "checkout")),
                    Commands.ctx(store, null));
            store.execute(new ConfigCommand.Start(new ExperimentId("kept"), 2_000), Commands.ctx(store, "go"));
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(jdbc) == 0);
            backupHead = head(jdbc);
            jdbc.execute("CREATE SCHEMA backup");
            TABLES.forEach(t -> jdbc.execute("CREATE TABLE backup." + t + " AS TABLE public." + t));

            // and: changes after the dump, published, then lost with the restore
            store.execute(new ConfigCommand.CreateExperiment(Commands.threeTreatments("lost", "checkout")),
                    Commands.ctx(store, null));
            store.execute(new ConfigCommand.Start(new ExperimentId("lost"), 1_000), Commands.ctx(store, "go"));
            store.execute(new ConfigCommand.Ramp(new ExperimentId("kept"), 4_000), Commands.ctx(store, "more"));
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(jdbc) == 0);
            publishedBeforeRestore = head(jdbc);
            assertThat(service.bean(OutboxRelay.class).epoch()).isZero();
        }
        restore(db);

        // when: the service starts on the restored database and an owner makes a change
        try (ServiceInstance service = ServiceInstance.start(db, topics, true)) {
            OutboxRelay relay = service.bean(OutboxRelay.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.epoch() == 1);
            ConfigStore store = service.store();
            store.execute(new ConfigCommand.CreateExperiment(Commands.threeTreatments("after-restore", "checkout")),
                    Commands.ctx(store, null));
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(jdbc) == 0);

            // then: the new change is published under epoch 1 with a sequence that went back
            List<ConsumerRecord<String, ExperimentSnapshot>> records = Records.readUntil(topics.experiments(),
                    rs -> rs.stream().anyMatch(r -> "experiment:after-restore".equals(r.key())));
            ConsumerRecord<String, ExperimentSnapshot> created = last(records, "experiment:after-restore");
            assertThat(ConfigLineage.epochOf(created.headers())).isEqualTo(1);
            assertThat(created.value().getSequence()).isEqualTo(backupHead + 1).isLessThan(publishedBeforeRestore);

            // and: the database's state was republished under epoch 1 before it, identical for the unchanged layer
            ConsumerRecord<String, ExperimentSnapshot> layer = last(records, "layer:checkout");
            assertThat(ConfigLineage.epochOf(layer.headers())).isEqualTo(1);
            assertThat(layer.offset()).isLessThan(created.offset());
            assertThat(layer.value()).isEqualTo(first(records, "layer:checkout").value());
            // the experiment is back at its state of the dump: 20% traffic, not the lost ramp to 40%
            ConsumerRecord<String, ExperimentSnapshot> kept = last(records, "experiment:kept");
            assertThat(ConfigLineage.epochOf(kept.headers())).isEqualTo(1);
            assertThat(kept.value().getExperiment().getTrafficBasisPoints()).isEqualTo(2_000);
            // the experiment created after the dump is removed (a tombstone under epoch 1)
            ConsumerRecord<String, ExperimentSnapshot> lost = last(records, "experiment:lost");
            assertThat(lost.value()).isNull();
            assertThat(ConfigLineage.epochOf(lost.headers())).isEqualTo(1);
            // the witness of every epoch-1 record is in the restored database
            ConfigLineage.Witness witness = ConfigLineage.witnessOf(created.headers()).orElseThrow();
            assertThat(jdbc.queryForObject("SELECT hash FROM config_event WHERE sequence = ?", String.class,
                    witness.sequence())).isEqualTo(witness.hash());
            // and it is visible to an operator
            assertThat(relay.lastRebase()).hasValueSatisfying(r -> {
                assertThat(r.epoch()).isEqualTo(1);
                assertThat(r.publishedSequence()).isEqualTo(publishedBeforeRestore);
                assertThat(r.databaseSequence()).isEqualTo(backupHead);
                assertThat(r.removed()).isEqualTo(1);
            });
        }

        // when: it restarts again without another restore, it stays in epoch 1 (no second rebase)
        try (ServiceInstance service = ServiceInstance.start(db, topics, true)) {
            OutboxRelay relay = service.bean(OutboxRelay.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.epoch() >= 0);
            assertThat(relay.epoch()).isEqualTo(1);
            assertThat(relay.lastRebase()).isEmpty();
        }
    }

    /** Copies the dumped tables back as the tables' owner would after pg_restore: triggers off for the copy. */
    private static void restore(Database db) {
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                db.jdbcUrl(), db.username(), db.password(), true));
        jdbc.execute("ALTER TABLE config_event DISABLE TRIGGER USER");
        jdbc.execute("TRUNCATE config_outbox, config_projection, config_event, config_chain_head");
        TABLES.forEach(t -> jdbc.execute("INSERT INTO public." + t + " SELECT * FROM backup." + t));
        jdbc.execute("ALTER TABLE config_event ENABLE TRIGGER USER");
    }

    private static long head(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT last_sequence FROM config_chain_head WHERE id = 1", Long.class);
    }

    private static long unpublished(JdbcTemplate jdbc) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM config_outbox WHERE published_at IS NULL", Long.class);
        return n == null ? -1 : n;
    }

    private static <V> ConsumerRecord<String, V> last(List<ConsumerRecord<String, V>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).reduce((a, b) -> b).orElseThrow();
    }

    private static <V> ConsumerRecord<String, V> first(List<ConsumerRecord<String, V>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }
}
