package dev.ep.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {

    final ArchiveLayout layout = new ArchiveLayout(Path.of("/data/archive"));

    @Test
    void shouldLayFilesOutHiveStyleByTableAndDateWhenNamingThem() {
        // when
        String relative = layout.relative(ArchiveTables.COVERAGE, LocalDate.of(2026, 11, 3), 1);

        // then
        assertThat(relative).isEqualTo("coverage/event_date=2026-11-03/part-00001.parquet");
        assertThat(layout.resolve(relative)).contains(Path.of("/data/archive/coverage/event_date=2026-11-03/"
                + "part-00001.parquet"));
        assertThat(ArchiveLayout.temporary(layout.resolve(relative).orElseThrow()).getFileName().toString())
                .isEqualTo(".part-00001.parquet.tmp");
    }

    @Test
    void shouldRefuseAStoredPathThatIsNotOneOfItsOwnWhenResolving() {
        assertThat(layout.resolve("../etc/passwd")).isEmpty();
        assertThat(layout.resolve("coverage/event_date=2026-11-03/../../../x/part-00001.parquet")).isEmpty();
        assertThat(layout.resolve("pg_authid/event_date=2026-11-03/part-00001.parquet")).isEmpty();
        assertThat(layout.resolve("coverage/event_date=2026-11-03/part-1.parquet")).isEmpty();
        assertThat(layout.resolve("/abs/coverage/event_date=2026-11-03/part-00001.parquet")).isEmpty();
        assertThat(layout.resolve("coverage%2Fevent_date=2026-11-03/part-00001.parquet")).isEmpty();
    }

    @Test
    void shouldRecogniseOnlyItsOwnTemporaryFilesWhenCleaningUp() {
        assertThat(ArchiveLayout.isTemporary(Path.of("x/.part-00000.parquet.tmp"))).isTrue();
        assertThat(ArchiveLayout.isTemporary(Path.of("x/part-00000.parquet"))).isFalse();
        assertThat(ArchiveLayout.isTemporary(Path.of("x/notes.tmp"))).isFalse();
    }
}
