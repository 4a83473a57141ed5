package dev.ep.ingest.archive;

import dev.ep.ingest.event.CoverageRow;
import dev.ep.ingest.event.DecisionRow;
import dev.ep.ingest.event.EventBatch;
import dev.ep.ingest.event.EventRow;
import dev.ep.ingest.event.TrackingRow;
import dev.ep.ingest.store.EventStore;
import dev.ep.ingest.store.PartitionManager;
import dev.ep.ingest.store.WriteMethod;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A migrated database of its own and rows over several days with hostile values (quotes, separators, newlines,
 * non-BMP characters, NULLs), stored through the real {@link EventStore}; the archiver under a fixed clock.
 */
final class ArchiveFixtures {

    /** "Today" for the archive tests: days up to TODAY - 2 are closed. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    static final Clock CLOCK = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    static final List<LocalDate> CLOSED = List.of(LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 11),
            LocalDate.of(2026, 11, 12));
    static final LocalDate OPEN = LocalDate.of(2026, 11, 19);

    final Database db;
    final PGSimpleDataSource dataSource;
    final PartitionManager partitions;
    final EventStore store;

    ArchiveFixtures(String name) {
        db = TestPlatform.postgres().newDatabase(name);
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(db.jdbcUrl());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/ingest").load().migrate();
        partitions = new PartitionManager(dataSource);
        store = new EventStore(dataSource, partitions, WriteMethod.COPY, 1000);
    }

    PartitionArchiver archiver(Path directory, int keepDays, ArchiveStep.Hook hook) {
        return new PartitionArchiver(dataSource, partitions, new ArchiveSettings(directory, 2, keepDays, "128MB", 1),
                CLOCK, hook);
    }

    /** Stores {@code sessions} sessions on each closed day and on the open day. */
    void storeDays(int sessions) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        for (LocalDate day : CLOSED) {
            rows.addAll(sessionRows(day, sessions, "s"));
        }
        rows.addAll(sessionRows(OPEN, sessions, "s"));
        store.store(EventBatch.of(rows));
    }

    /** One decision (two experiments), one coverage, an order and a custom event per session. */
    static List<EventRow> sessionRows(LocalDate day, int sessions, String prefix) {
        List<EventRow> rows = new ArrayList<>();
        Instant start = day.atTime(8, 0).toInstant(ZoneOffset.UTC);
        for (int i = 0; i < sessions; i++) {
            String session = prefix + "/" + day + ":" + i + "@x~y+z=";
            String user = i % 3 == 0 ? null : "u-" + i;
            Instant t = start.plusSeconds(i * 61L).plusNanos(123_456_000L);
            rows.add(new DecisionRow("d:" + session, t, session, user, i % 2 == 0 ? "/p'age;\"x\"\n" : null,
                    Map.of("country", "DE", "note", "tab\there 😀 \\ 'q'"), 40 + i, i % 5 == 0, "USER", user,
                    i % 5 == 0 ? 500 : 0, List.of(
                            new DecisionRow.ExperimentRow(0, "layer-a", "exp-button", 3, 1, i % 2 == 0 ? "green"
                                    : "control", i * 7, i % 4 == 0 ? null : i, i % 11 == 0, "SESSION", session),
                            new DecisionRow.ExperimentRow(1, "layer-b", "exp-price", 1, 0, "control", 17, null, true,
                                    user == null ? null : "USER", user))));
            rows.add(new CoverageRow("c:" + session, t.plusMillis(10), session, user, "layer-a", "exp-button", 3, 1,
                    i % 2 == 0 ? "green" : "control", i % 4 == 0 ? null : i, i % 11 == 0, "/checkout", 42, "SESSION",
                    session, i * 7, "exp-button/1/SESSION/" + session, i % 3 == 0 ? null : t));
            rows.add(new TrackingRow("o:" + session, t.plusSeconds(30), t.plusSeconds(31), session, user, "ORDER",
                    null, "/thank-you", 1_000L + i, "EUR", i % 4 == 0 ? null : "ord-" + i,
                    Map.of("sku", "p-" + i)));
            rows.add(new TrackingRow("e:" + session, t.plusSeconds(40), t.plusSeconds(40), session, user, "CUSTOM",
                    "sign-up \"ü\"", null, null, null, null, Map.of()));
        }
        return rows;
    }

    long count(String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    boolean exists(String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
