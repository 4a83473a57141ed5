package dev.ep.assignment.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.it.ConfigRecords;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.failure.DeadLetterReason;
import dev.ep.schemas.failure.FailureKind;
import dev.ep.schemas.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The record → configuration step alone: no Kafka; the "bytes" are keys into a map of decoded snapshots. */
class ConfigApplierTest {

    private final Map<String, Object> decoded = new HashMap<>();
    private final ConfigApplier applier = new ConfigApplier(bytes -> {
        Object value = decoded.get(new String(bytes, StandardCharsets.UTF_8));
        if (value instanceof RuntimeException failure) {
            throw failure;
        }
        return (ExperimentSnapshot) value;
    });

    @Test
    void shouldApplyThenRemoveAnAggregateWhenATombstoneFollows() {
        ExperimentSnapshot layer = ConfigRecords.layer("applier-layer");
        assertThat(apply("layer:applier-layer", layer)).isInstanceOf(ConfigApplier.Outcome.Applied.class);
        assertThat(applier.records()).containsExactly(layer);

        assertThat(applier.apply(bytes("layer:applier-layer"), null))
                .isInstanceOf(ConfigApplier.Outcome.Applied.class);
        assertThat(applier.records()).isEmpty();
        assertThat(applier.lastSequence()).isEqualTo(layer.getSequence());
    }

    @Test
    void shouldCallARepeatedSequenceStale() {
        ExperimentSnapshot layer = ConfigRecords.layer("applier-stale");
        apply("layer:applier-stale", layer);
        assertThat(apply("layer:applier-stale", layer)).isInstanceOf(ConfigApplier.Outcome.Stale.class);
    }

    @Test
    void shouldWaitAndSayWhyWhenTheRegistryFails() {
        decoded.put("down", new SerializationException("x", new SchemaRegistryException("503", 503, 503, null, null)));
        decoded.put("refused", new SerializationException("x", new SchemaRegistryException("403", 403, 403, null,
                null)));
        assertThat(applier.apply(bytes("layer:a"), bytes("down")))
                .isEqualTo(new ConfigApplier.Outcome.Wait(FailureKind.TRANSIENT, (RuntimeException) decoded.get("down")));
        assertThat(applier.apply(bytes("layer:a"), bytes("refused"))).isInstanceOfSatisfying(
                ConfigApplier.Outcome.Wait.class, w -> assertThat(w.kind()).isEqualTo(FailureKind.NEEDS_OPERATOR));
        assertThat(applier.records()).isEmpty();
    }

    @Test
    void shouldNameTheReasonWhenARecordIsPoison() {
        decoded.put("garbage", new SerializationException("Unknown magic byte"));
        assertThat(applier.apply(bytes("layer:a"), bytes("garbage"))).isInstanceOfSatisfying(
                ConfigApplier.Outcome.Poison.class, p -> assertThat(p.reason()).isEqualTo(DeadLetterReason.DECODE));
        assertThat(applier.apply(null, bytes("garbage"))).isInstanceOfSatisfying(
                ConfigApplier.Outcome.Poison.class, p -> assertThat(p.reason()).isEqualTo(DeadLetterReason.DECODE));
        // an id with the separator of another key: layer "x" sent under the key of experiment "x"
        assertThat(apply("experiment:x", ConfigRecords.layer("x"))).isInstanceOfSatisfying(
                ConfigApplier.Outcome.Poison.class, p -> assertThat(p.reason())
                        .isEqualTo(DeadLetterReason.VALIDATION));
    }

    @Test
    void shouldServeAStoredSnapshotWhenRestored() {
        ExperimentSnapshot layer = ConfigRecords.layer("applier-restored");
        applier.restore(List.of(layer), layer.getSequence() + 5);
        assertThat(applier.lastSequence()).isEqualTo(layer.getSequence() + 5);
        assertThat(applier.records()).containsExactly(layer);
    }

    private ConfigApplier.Outcome apply(String key, ExperimentSnapshot snapshot) {
        String id = "value-" + decoded.size();
        decoded.put(id, snapshot);
        return applier.apply(bytes(key), bytes(id));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
