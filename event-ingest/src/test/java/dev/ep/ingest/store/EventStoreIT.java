package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.event.EventBatch;
import dev.ep.ingest.event.EventMapper;
import dev.ep.ingest.event.EventRow;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Both write methods against real PostgreSQL: idempotent for duplicates inside and across batches. */
class EventStoreIT {

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void shouldStoreOnlyTheNewEventsWhenABatchMixesNewAndAlreadyStoredOnes(WriteMethod method) throws Exception {
        // given
        Database db = TestPlatform.postgres().newDatabase("store_" + method.name().toLowerCase());
        EventStore store = store(db, method);
        List<EventRow> first = events(300);
        assertThat(store.store(EventBatch.of(first))).isEqualTo(300);
        List<EventRow> mixed = new ArrayList<>(first.subList(0, 100));
        List<EventRow> fresh = events(150);
        mixed.addAll(fresh);
        mixed.add(fresh.get(0)); // a duplicate inside the batch too

        // when
        int inserted = store.store(EventBatch.of(mixed));

        // then
        assertThat(inserted).isEqualTo(150);
        assertThat(count(db, "decisions") + count(db, "coverage") + count(db, "tracking_events")).isEqualTo(450);
        assertThat(count(db, "decision_experiments")).isEqualTo(2 * count(db, "decisions"));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void shouldStoreEachEventOnceWhenAFreshBatchRepeatsRecordsAcrossDays(WriteMethod method) throws Exception {
        // given: nothing stored yet; a batch spanning three days (two without a partition) where every event appears
        // twice, as a producer retry or a redelivered neighbour would repeat it
        Database db = TestPlatform.postgres().newDatabase("store_days_" + method.name().toLowerCase());
        EventStore store = store(db, method);
        Instant today = Instant.now();
        List<EventRow> once = new ArrayList<>();
        for (Instant day : List.of(today.minus(java.time.Duration.ofDays(40)), today,
                today.plus(java.time.Duration.ofDays(30)))) {
            once.add(EventMapper.toRow(EventFixtures.decision("s-1", day)));
            once.add(EventMapper.toRow(EventFixtures.coverage("s-1", day)));
            once.add(EventMapper.toRow(EventFixtures.order("s-1", day, 5)));
        }
        List<EventRow> twice = new ArrayList<>(once);
        twice.addAll(once);

        // when
        int inserted = store.store(EventBatch.of(twice));
        int again = store.store(EventBatch.of(once));

        // then
        assertThat(inserted).isEqualTo(9);
        assertThat(again).isZero();
        assertThat(count(db, "decisions") + count(db, "coverage") + count(db, "tracking_events")).isEqualTo(9);
        assertThat(count(db, "decision_experiments")).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void shouldKeepBothRowsWhenAnEventIdComesBackWithAnotherDay(WriteMethod method) throws Exception {
        // given: uniqueness is (event_id, event_date), the partition key: the same id on another day is another row
        Database db = TestPlatform.postgres().newDatabase("store_ids_" + method.name().toLowerCase());
        EventStore store = store(db, method);
        Instant now = Instant.now();
        TrackingEvent first = EventFixtures.order("s-1", now, 1);
        TrackingEvent nextDay = TrackingEvent.newBuilder(first).setTime(now.plus(java.time.Duration.ofDays(1)))
                .build();

        // when
        store.store(EventBatch.of(List.of(EventMapper.toRow(first))));
        store.store(EventBatch.of(List.of(EventMapper.toRow(nextDay))));

        // then
        assertThat(count(db, "tracking_events")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void shouldStoreTheUnitHoldoutExposureAndOrderColumnsAndNullForAbsentValuesWhenWritten(WriteMethod method)
            throws Exception {
        // given: new-style events, then (with a duplicate, so COPY takes its staging path) the same of an older writer
        Database db = TestPlatform.postgres().newDatabase("store_columns_" + method.name().toLowerCase());
        EventStore store = store(db, method);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        EventRow decision = EventMapper.toRow(EventFixtures.decision("s+1", now));
        EventRow coverage = EventMapper.toRow(EventFixtures.coverage("s+1", now));
        TrackingEvent order = TrackingEvent.newBuilder(EventFixtures.order("s+1", now, 5)).setOrderId("ord/1=a")
                .build();
        EventRow legacyDecision = EventMapper.toRow(EventFixtures.legacyDecision("s-2", now));
        EventRow legacyCoverage = EventMapper.toRow(EventFixtures.legacyCoverage("s-2", now));
        EventRow noOrder = EventMapper.toRow(EventFixtures.custom("s-2", now, "x"));

        // when
        store.store(EventBatch.of(List.of(decision, coverage, EventMapper.toRow(order))));
        store.store(EventBatch.of(List.of(decision, legacyDecision, legacyCoverage, noOrder)));

        // then
        assertThat(row(db, "SELECT holdout, holdout_unit_type, holdout_unit_id, holdout_basis_points FROM decisions "
                + "WHERE session_id = 's+1'")).containsExactly(false, "USER", "user-1", 500);
        assertThat(row(db, "SELECT string_agg(unit_type || ' ' || unit_id, ',' ORDER BY position) "
                + "FROM decision_experiments WHERE session_id = 's+1'")).containsExactly("SESSION s+1,USER user-1");
        assertThat(row(db, "SELECT unit_type, unit_id, bucket, exposure_key, decision_time = event_time - "
                + "interval '50 milliseconds' FROM coverage WHERE session_id = 's+1'"))
                .containsExactly("SESSION", "s+1", 1234, "exp-button/1/SESSION/s+1", true);
        assertThat(row(db, "SELECT order_id FROM tracking_events WHERE session_id = 's+1'")).containsExactly("ord/1=a");
        assertThat(row(db, "SELECT holdout_unit_type, holdout_unit_id, holdout_basis_points FROM decisions "
                + "WHERE session_id = 's-2'")).containsExactly("SESSION", null, 0);
        assertThat(row(db, "SELECT count(*) FROM decision_experiments WHERE session_id = 's-2' "
                + "AND unit_type IS NULL AND unit_id IS NULL")).containsExactly(2L);
        assertThat(row(db, "SELECT unit_type, unit_id, bucket, exposure_key, decision_time FROM coverage "
                + "WHERE session_id = 's-2'")).containsExactly(null, null, null, null, null);
        assertThat(row(db, "SELECT order_id FROM tracking_events WHERE session_id = 's-2'")).containsExactly(
                (Object) null);
    }

    private static List<Object> row(Database db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getObject(i));
            }
            assertThat(rs.next()).as(sql).isFalse();
            return values;
        }
    }

    private static EventStore store(Database db, WriteMethod method) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(db.jdbcUrl());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/ingest").load().migrate();
        return new EventStore(dataSource, new PartitionManager(dataSource), method, 7);
    }

    private static List<EventRow> events(int count) {
        List<EventRow> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String session = "s-" + (i % 13);
            Object event = switch (i % 3) {
                case 0 -> EventFixtures.decision(session, now.plusMillis(i));
                case 1 -> EventFixtures.coverage(session, now.plusMillis(i));
                default -> EventFixtures.order(session, now.plusMillis(i), i);
            };
            rows.add(EventMapper.toRow(event));
        }
        return rows;
    }

    private static long count(Database db, String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
