package dev.ep.assignment.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.AggregateType;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.LayerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackTheRecordsAndSequenceWhenWrittenAndReplaceTheOldFileAtomically() throws Exception {
        SnapshotFile file = new SnapshotFile(dir.resolve("config-snapshot.avro"));
        file.write(List.of(layer("a", 1)), 1);

        file.write(List.of(layer("a", 1), layer("b", 7)), 9);

        SnapshotFile.Contents contents = file.read().orElseThrow();
        assertThat(contents.lastSequence()).isEqualTo(9);
        assertThat(contents.records()).extracting(ExperimentSnapshot::getAggregateId).containsExactly("a", "b");
        assertThat(contents.records().get(1)).isEqualTo(layer("b", 7));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config-snapshot.avro");
        }
    }

    @Test
    void shouldReportNothingWhenNoSnapshotWasEverWritten() throws Exception {
        assertThat(new SnapshotFile(dir.resolve("none.avro")).read()).isEmpty();
    }

    private static ExperimentSnapshot layer(String id, long sequence) {
        return ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.LAYER).setAggregateId(id)
                .setSequence(sequence).setVersion(1)
                .setTime(Instant.parse("2026-11-26T10:00:00Z").truncatedTo(ChronoUnit.MILLIS))
                .setLayer(LayerState.newBuilder().setId(id).setName(id).setBucketCount(10_000).build()).build();
    }
}
