package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

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
