package dev.ep.reporting.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The session's partition is the one the platform's producers use: the producer's own partitioner
 * ({@code BuiltInPartitioner.partitionForKey}) over the key as {@code StringSerializer} writes it is the reference.
 */
class SessionPlacementTest {

    @Test
    void shouldPlaceEverySessionWhereTheProducersDefaultPartitionerPutsItsKey() {
        List<String> ids = new ArrayList<>(List.of("", "s", "s-1", "SESSION/s-1", "USER/u", "a/b/../c", "%2F..%2F",
                "ümlaut-セッション-😀", "x".repeat(10_000), "\u0000", "s 1", "-1", "2147483648"));
        for (int i = 0; i < 2_000; i++) {
            ids.add("l-" + i + "-" + Integer.toHexString(i * 7919));
        }
        try (StringSerializer serializer = new StringSerializer()) {
            for (int partitions : new int[] {1, 2, 3, 6, 7, 12, 64}) {
                SessionPlacement placement = new SessionPlacement(partitions);
                for (String id : ids) {
                    assertThat(placement.partitionOf(id)).as("%s of %d", id, partitions)
                            .isEqualTo(BuiltInPartitioner.partitionForKey(serializer.serialize("ep.coverage", id),
                                    partitions));
                }
            }
        }
    }

    @Test
    void shouldSpreadSessionsOverEveryPartition() {
        SessionPlacement placement = new SessionPlacement(6);
        int[] counts = new int[6];
        for (int i = 0; i < 6_000; i++) {
            counts[placement.partitionOf("s-" + i)]++;
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(800, 1_200));
    }

    @Test
    void shouldRefuseNoPartitions() {
        assertThatThrownBy(() -> new SessionPlacement(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
