package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.snapshot.ConfigFeed;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.ConfigKeys;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, section 7, assignment's side, through the real broker and registry: config-service's database restored
 * from a backup, so its sequence goes back under a new epoch (the records config-service's {@code RestoreFromBackupIT}
 * shows it publishing). A running feed applies the change made after the restore instead of ignoring it, and the
 * unchanged experiment assigns every session as before. Its own topic, so no other IT of this JVM sees epoch 1.
 */
class ConfigEpochIT {

    @TempDir
    Path dir;

    @Test
    void shouldServeTheChangeMadeAfterARestoreWhenConfigServicesSequenceGoesBackUnderANewEpoch() throws Exception {
        // given: a running feed on epoch 0 up to sequence 104
        String kafka = TestPlatform.kafka().bootstrapServers();
        String topic = "ep.config.experiments.epoch-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        ExperimentSnapshot layer = at(ConfigRecords.layer("epoch-it-layer"), 100);
        ExperimentSnapshot unchanged = at(ConfigRecords.snapshot(ConfigRecords.experiment("epoch-it-kept",
                "epoch-it-layer", 6_000, "control", 5_000, "green", 5_000).build(), 1), 101);
        ExperimentSnapshot lost = at(ConfigRecords.snapshot(ConfigRecords.experiment("epoch-it-lost",
                "epoch-it-other", 10_000, "only", 10_000).build(), 1), 104);
        Map<String, Object> common = Map.of("bootstrap.servers", kafka, "schema.registry.url",
                TestPlatform.registry().url());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ConfigRecords config = new ConfigRecords(kafka, TestPlatform.registry().url());
             ConfigFeed feed = ConfigFeed.create(topic, common, common, common, 6, dir.resolve("snapshot.avro"),
                     Clock.systemUTC(), meters)) {
            for (ExperimentSnapshot s : List.of(layer, unchanged, lost)) {
                config.send(topic, key(s), s, 0);
            }
            feed.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> feed.state().caughtUp()
                    && feed.current().version() == 104);
            Map<String, String> before = treatments(feed, "epoch-it-kept");

            // when: config-service, restored to sequence 101, republishes under epoch 1, removes what it lost, and
            // publishes the next change as sequence 102
            config.send(topic, key(layer), layer, 1);
            config.send(topic, key(unchanged), unchanged, 1);
            config.send(topic, key(lost), null, 1);
            ExperimentSnapshot created = at(ConfigRecords.snapshot(ConfigRecords.experiment("epoch-it-new",
                    "epoch-it-other", 10_000, "new", 10_000).build(), 1), 102);
            config.send(topic, key(created), created, 1);

            // then: the new change reaches the served configuration
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.current().version() == 102);
            assertThat(feed.current().experiments()).extracting(e -> e.id())
                    .containsExactlyInAnyOrder("epoch-it-kept", "epoch-it-new");
            assertThat(treatments(feed, "epoch-it-kept")).isEqualTo(before);
            assertThat(feed.state().epoch()).isEqualTo(1);
            assertThat(feed.state().lastReset()).hasValueSatisfying(r -> {
                assertThat(r.fromSequence()).isEqualTo(104);
                assertThat(r.toSequence()).isEqualTo(100);
            });
            assertThat(meters.get("ep.config.sequence.resets").counter().count()).isEqualTo(1);
        }
    }

    private static ExperimentSnapshot at(ExperimentSnapshot snapshot, long sequence) {
        return ExperimentSnapshot.newBuilder(snapshot).setSequence(sequence).build();
    }

    private static String key(ExperimentSnapshot snapshot) {
        return ConfigKeys.of(snapshot.getAggregateType(), snapshot.getAggregateId());
    }

    private static Map<String, String> treatments(ConfigFeed feed, String experimentId) {
        Map<String, String> treatments = new TreeMap<>();
        for (int i = 0; i < 2_000; i++) {
            String session = "s-" + i;
            feed.current().assign(new AssignmentRequest(session, null, null, Map.of())).assigned().stream()
                    .filter(a -> a.experimentId().equals(experimentId))
                    .forEach(a -> treatments.put(session, a.treatment().name()));
        }
        assertThat(treatments).isNotEmpty();
        return treatments;
    }
}
