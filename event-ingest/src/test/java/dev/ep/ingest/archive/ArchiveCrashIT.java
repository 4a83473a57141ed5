package dev.ep.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ep.ingest.event.EventBatch;
import dev.ep.ingest.event.EventRow;
import dev.ep.ingest.store.PartitionMaintenance;
import dev.ep.ingest.store.PartitionPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The archive job against a real PostgreSQL 15 and real files: every row leaves PostgreSQL only into a verified file,
 * whatever step the job dies after; late rows and rows delivered again are neither lost nor doubled; a write failure
 * (a full disk) drops nothing; retention never drops what is not archived.
 */
class ArchiveCrashIT {

    static final int SESSIONS = 10;

    @TempDir
    Path directory;
    ArchiveFixtures fx;
    Map<String, List<String>> originalKeys;
    Map<String, Checksum> originalChecksums;

    /** Thrown by the hook to simulate the process dying: an Error, so no clean-up code of the job runs. */
    static final class Death extends Error {

        Death(ArchiveStep step) {
            super("simulated death after " + step);
        }
    }

    @BeforeEach
    void load() throws Exception {
        fx = new ArchiveFixtures("archive_crash");
        fx.storeDays(SESSIONS);
        originalKeys = visibleKeys();
        originalChecksums = visibleChecksums();
    }

    @Test
    void shouldArchiveEveryClosedDayVerifiedAndDropItsPartitionsWhenRun() throws Exception {
        // when
        PartitionArchiver.Result result = fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();

        // then: 4 tables x 3 closed days, the open day untouched
        assertThat(result.files()).hasSize(12);
        assertThat(result.droppedPartitions()).hasSize(12);
        for (ArchiveTables.Table table : ArchiveTables.ALL) {
            for (LocalDate day : ArchiveFixtures.CLOSED) {
                assertThat(fx.exists(PartitionPlan.name(table.name(), day))).isFalse();
                assertThat(directory.resolve(table.name()).resolve("event_date=" + day).resolve("part-00000.parquet"))
                        .isRegularFile();
            }
            assertThat(fx.exists(PartitionPlan.name(table.name(), ArchiveFixtures.OPEN))).isTrue();
            assertThat(fx.count("SELECT count(*) FROM " + table.name())).isEqualTo(
                    originalKeys.get(table.name()).size() / 4);
        }
        assertThat(fx.count("SELECT count(*) FROM archived_partitions WHERE dropped")).isEqualTo(12);
        assertUnchanged();
        // a second run finds nothing to do
        PartitionArchiver.Result again = fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();
        assertThat(again.files()).isEmpty();
        assertThat(again.droppedPartitions()).isEmpty();
        assertUnchanged();
    }

    @ParameterizedTest
    @EnumSource(ArchiveStep.class)
    void shouldNeitherLoseNorDoubleARowWhenTheJobDiesAfterAStepAndRunsAgain(ArchiveStep step) throws Exception {
        // given: the job dies after this step of coverage's second day
        LocalDate victim = ArchiveFixtures.CLOSED.get(1);
        AtomicBoolean died = new AtomicBoolean();
        ArchiveStep.Hook deathAfter = (s, table, day) -> {
            if (s == step && table.equals("coverage") && day.equals(victim) && died.compareAndSet(false, true)) {
                throw new Death(step);
            }
        };

        // when
        assertThatThrownBy(() -> fx.archiver(directory, 0, deathAfter).runOnce()).isInstanceOf(Death.class);

        // then: in the state it left, readers (PostgreSQL + files recorded as dropped) see every row exactly once
        assertUnchanged();
        // and the next run finishes: every closed day archived once, nothing left behind
        fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();
        assertUnchanged();
        assertThat(fx.count("SELECT count(*) FROM archived_partitions WHERE dropped")).isEqualTo(12);
        assertThat(fx.count("SELECT count(*) FROM archived_partitions WHERE NOT dropped")).isZero();
        assertThat(temporaryFiles()).isEmpty();
        assertThat(fx.exists(PartitionPlan.name("coverage", victim))).isFalse();
    }

    @Test
    void shouldArchiveLateRowsAsAFurtherFileAndSkipRowsDeliveredAgainWhenADayIsRecreated() throws Exception {
        // given: everything archived, then late events for an archived day, one of them an archived event again
        fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();
        LocalDate day = ArchiveFixtures.CLOSED.get(0);
        List<EventRow> late = new ArrayList<>(ArchiveFixtures.sessionRows(day, 3, "late"));
        late.addAll(ArchiveFixtures.sessionRows(day, 1, "s")); // session 0 of that day: archived already
        fx.partitions.forget(List.of(day));
        fx.store.store(EventBatch.of(late));
        assertThat(fx.exists(PartitionPlan.name("coverage", day))).isTrue();
        Map<String, List<String>> expected = merge(originalKeys, keysOf(ArchiveFixtures.sessionRows(day, 3, "late")));

        // when
        PartitionArchiver.Result result = fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();

        // then: a second file per table for that day with the 3 late sessions only, the partition dropped
        assertThat(result.files()).hasSize(4).allMatch(f -> f.endsWith("event_date=" + day + "/part-00001.parquet"));
        assertThat(visibleKeys()).isEqualTo(expected);
        assertThat(fx.exists(PartitionPlan.name("coverage", day))).isFalse();
    }

    @Test
    void shouldKeepLateRowsThatArriveWhileTheDayIsArchivedAndArchiveThemNextRun() throws Exception {
        // given: a late coverage row lands in a day after its file was recorded, before the drop
        LocalDate day = ArchiveFixtures.CLOSED.get(2);
        List<EventRow> late = ArchiveFixtures.sessionRows(day, 1, "window");
        AtomicBoolean inserted = new AtomicBoolean();
        ArchiveStep.Hook lateRow = (s, table, d) -> {
            if (s == ArchiveStep.RECORDED && table.equals("tracking_events") && d.equals(day)
                    && inserted.compareAndSet(false, true)) {
                try {
                    fx.store.store(EventBatch.of(late));
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        };
        Map<String, List<String>> expected = merge(originalKeys, keysOf(late));

        // when
        fx.archiver(directory, 0, lateRow).runOnce();

        // then: the late tracking rows stay in PostgreSQL (the archived ones left), nothing lost or doubled
        assertThat(fx.exists(PartitionPlan.name("tracking_events", day))).isTrue();
        assertThat(fx.count("SELECT count(*) FROM " + PartitionPlan.name("tracking_events", day))).isEqualTo(2);
        assertThat(visibleKeys()).isEqualTo(expected);

        // and the next run archives them as a further file
        fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();
        assertThat(fx.exists(PartitionPlan.name("tracking_events", day))).isFalse();
        assertThat(visibleKeys()).isEqualTo(expected);
    }

    @Test
    void shouldDropNothingAndRetryWhenWritingFails() throws Exception {
        // given: the disk fills while the first file is written
        ArchiveStep.Hook full = (s, table, day) -> {
            if (s == ArchiveStep.WRITTEN) {
                throw new IOException("No space left on device");
            }
        };

        // when / then: a clear error, nothing recorded or dropped, no temporary file left
        assertThatThrownBy(() -> fx.archiver(directory, 0, full).runOnce()).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        assertThat(fx.count("SELECT count(*) FROM archived_partitions")).isZero();
        assertThat(temporaryFiles()).isEmpty();
        assertThat(visibleKeys()).isEqualTo(originalKeys);

        // and the next run (space freed) archives everything
        fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();
        assertUnchanged();
        assertThat(fx.count("SELECT count(*) FROM archived_partitions WHERE dropped")).isEqualTo(12);
    }

    @Test
    void shouldNotDropUnarchivedPartitionsWhenRetentionRunsWithTheArchiveOn() throws Exception {
        // when: retention of 1 day with the archive on
        new PartitionMaintenance(fx.partitions, ArchiveFixtures.CLOCK, 1, 1, true).runOnce();

        // then
        for (LocalDate day : ArchiveFixtures.CLOSED) {
            assertThat(fx.exists(PartitionPlan.name("coverage", day))).isTrue();
        }
        assertThat(visibleKeys()).isEqualTo(originalKeys);
    }

    @Test
    void shouldDeleteArchivedDaysPastKeepDaysWhenConfigured() throws Exception {
        // given: archived days kept 5 days (today - 5 = Nov 15: the closed days Nov 10-12 are past it)
        fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce();

        // when
        PartitionArchiver.Result result = fx.archiver(directory, 5, ArchiveStep.Hook.NONE).runOnce();

        // then
        assertThat(result.expiredDays()).hasSize(12);
        assertThat(fx.count("SELECT count(*) FROM archived_partitions")).isZero();
        assertThat(directory.resolve("coverage").resolve("event_date=" + ArchiveFixtures.CLOSED.get(0))).doesNotExist();
    }

    @Test
    void shouldLeaveNothingBehindWhenTheArchiveProcessIsKilledMidRun() throws Exception {
        // given: a separate JVM running the archive, killed (SIGKILL) right after it wrote its first file
        Process child = ArchiveChild.start(fx.db, directory, "WRITTEN");
        try {
            ArchiveChild.awaitLine(child, "WRITTEN");
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(temporaryFiles()).isNotEmpty();
        assertUnchanged();

        // when: run again (once PostgreSQL has ended the killed session and released its run lock)
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.archiver(directory, 0, ArchiveStep.Hook.NONE).runOnce()
                .ran());

        // then
        assertUnchanged();
        assertThat(temporaryFiles()).isEmpty();
        assertThat(fx.count("SELECT count(*) FROM archived_partitions WHERE dropped")).isEqualTo(12);
    }

    /** Every row visible to readers (PostgreSQL plus the files recorded as dropped) is there once, unchanged. */
    private void assertUnchanged() throws Exception {
        assertThat(visibleKeys()).isEqualTo(originalKeys);
        assertThat(visibleChecksums()).isEqualTo(originalChecksums);
    }

    /** Per table, the sorted row keys in PostgreSQL and in the files recorded as dropped. */
    private Map<String, List<String>> visibleKeys() throws Exception {
        Map<String, List<String>> keys = new HashMap<>();
        try (Connection c = fx.db.connect(); Duck duck = Duck.open("128MB", 1, directory.resolve(".spill"))) {
            for (ArchiveTables.Table table : ArchiveTables.ALL) {
                List<String> k = new ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT event_date::text || '|' || " + table.keyExpression()
                             + " FROM " + table.name())) {
                    while (rs.next()) {
                        k.add(rs.getString(1));
                    }
                }
                List<Path> files = droppedFiles(c, table);
                if (!files.isEmpty()) {
                    k.addAll(duck.queryStrings("SELECT strftime(event_date, '%Y-%m-%d') || '|' || "
                            + table.keyExpression() + " FROM " + Duck.readParquet(files)));
                }
                k.sort(null);
                keys.put(table.name(), k);
            }
        }
        return keys;
    }

    /** Per table, the checksum of PostgreSQL's rows plus the dropped files' rows. */
    private Map<String, Checksum> visibleChecksums() throws Exception {
        Map<String, Checksum> sums = new HashMap<>();
        try (Connection c = fx.db.connect(); Duck duck = Duck.open("128MB", 1, directory.resolve(".spill"))) {
            for (ArchiveTables.Table table : ArchiveTables.ALL) {
                Checksum total = PartitionArchiver.pgChecksum(c, table, table.name(), List.of());
                for (Path file : droppedFiles(c, table)) {
                    Checksum f = duck.checksum(table, file);
                    total = new Checksum(total.rows() + f.rows(), total.sum().add(f.sum()));
                }
                sums.put(table.name(), total);
            }
        }
        return sums;
    }

    private List<Path> droppedFiles(Connection c, ArchiveTables.Table table) throws Exception {
        List<Path> files = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT file FROM archived_partitions WHERE dropped AND table_name = ?")) {
            s.setString(1, table.name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    files.add(directory.resolve(rs.getString(1)));
                }
            }
        }
        return files;
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).filter(ArchiveLayout::isTemporary).toList();
        }
    }

    private static Map<String, List<String>> keysOf(List<EventRow> rows) {
        Map<String, List<String>> keys = new HashMap<>();
        for (EventRow row : rows) {
            if (row instanceof dev.ep.ingest.event.DecisionRow d) {
                add(keys, "decisions", d.eventDate() + "|" + d.eventId());
                for (var e : d.experiments()) {
                    add(keys, "decision_experiments", d.eventDate() + "|" + e.position() + ":" + d.eventId());
                }
            } else if (row instanceof dev.ep.ingest.event.CoverageRow cov) {
                add(keys, "coverage", cov.eventDate() + "|" + cov.eventId());
            } else if (row instanceof dev.ep.ingest.event.TrackingRow t) {
                add(keys, "tracking_events", t.eventDate() + "|" + t.eventId());
            }
        }
        return keys;
    }

    private static void add(Map<String, List<String>> keys, String table, String key) {
        keys.computeIfAbsent(table, k -> new ArrayList<>()).add(key);
    }

    private static Map<String, List<String>> merge(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> merged = new HashMap<>();
        a.forEach((k, v) -> merged.put(k, new ArrayList<>(v)));
        b.forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        merged.values().forEach(l -> l.sort(null));
        return merged;
    }
}
