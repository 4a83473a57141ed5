package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.ingest.event.CoverageRow;
import dev.ep.ingest.event.EventBatch;
import dev.ep.ingest.event.EventRow;
import dev.ep.ingest.event.TrackingRow;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The report SQL of the README, exactly as written there, against events stored by {@link EventStore}: data chosen so
 * that every rule of the queries changes a number (first exposure per key, forced first exposure, records without key,
 * other phase, server-clock attribution, order deduplication, orders without order id, USER units across sessions).
 */
class ReadmeSqlIT {

    static final Instant T = Instant.parse("2026-11-10T12:00:00Z");
    static Database db;

    @BeforeAll
    static void loadEvents() throws Exception {
        db = TestPlatform.postgres().newDatabase("readme_sql");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(db.jdbcUrl());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/ingest").load().migrate();
        EventStore store = new EventStore(dataSource, new PartitionManager(dataSource), WriteMethod.COPY, 1000);
        List<EventRow> rows = List.of(
                // exp-button, phase 1, SESSION units
                // s1 green: exposed at T (the retry at T+60 is the same exposure); orders ord-1 (sent twice) and ord-2
                session("c1", "s1", "green", false, 0), session("c1b", "s1", "green", false, 60),
                order("o1", "s1", null, "ord-1", 120, 120, 4_990), order("o1-again", "s1", null, "ord-1", 130, 130, 4_990),
                order("o1b", "s1", null, "ord-2", 200, 200, 1_000),
                // s2 green: exposed, never orders
                session("c2", "s2", "green", false, 0),
                // s3 control: one order received before the exposure although its client clock says after (not
                // attributed), one received after although its client clock says before, without order id (counted)
                session("c3", "s3", "control", false, 0),
                order("o3-early", "s3", null, "ord-3", 30, -10, 9_000), order("o3", "s3", null, null, -60, 15, 700),
                // s4 control: exposed, never orders
                session("c4", "s4", "control", false, 0),
                // s5: first exposure forced by a QA override, a later natural one does not bring it in
                session("c5", "s5", "green", true, 0), session("c5b", "s5", "green", false, 5),
                order("o5", "s5", null, "ord-5", 30, 30, 9_999),
                // s6: coverage written before the exposure key existed; s7: another phase
                legacy("c6", "s6", "green"), order("o6", "s6", null, "ord-6", 30, 30, 777),
                coverage("c7", "s7", "exp-button", 2, "green", "SESSION", "s7", false, 0),
                order("o7", "s7", null, "ord-7", 30, 30, 555),
                // exp-user, phase 1, USER units
                // u1 b: exposed in session sa; orders from session sb (sent again from sc), one received before
                coverage("cu1", "sa", "exp-user", 1, "b", "USER", "u1", false, 0),
                order("ou1", "sb", "u1", "ord-9", 100, 100, 3_000), order("ou1-again", "sc", "u1", "ord-9", 110, 110,
                        3_000),
                order("ou1-early", "sb", "u1", "ord-8", -100, -100, 50),
                // u2 a: exposed; the order of its session carries no user id, so it is not the user's
                coverage("cu2", "sd", "exp-user", 1, "a", "USER", "u2", false, 0),
                order("ou2", "sd", null, "ord-10", 50, 50, 2_000));
        store.store(EventBatch.of(rows));
    }

    @Test
    void shouldCountUnitsByTheirFirstExposureWithTheReadmeQuery() throws Exception {
        // when
        List<List<Object>> button = run(readmeQueries().get(0));
        List<List<Object>> user = run(readmeQueries().get(0).replace("'exp-button'", "'exp-user'"));

        // then: s5 (forced first), s6 (no key), s7 (phase 2) are not units; s1's retry is one exposure
        assertThat(button).containsExactly(List.of("control", 2L), List.of("green", 2L));
        assertThat(user).containsExactly(List.of("a", 1L), List.of("b", 1L));
    }

    @Test
    void shouldAttributeOrdersByServerTimeAndCountEachOrderOncePerUnitWithTheReadmeQuery() throws Exception {
        // when
        List<List<Object>> button = run(readmeQueries().get(1));
        List<List<Object>> user = run(readmeQueries().get(1).replace("'exp-button'", "'exp-user'"));

        // then: treatment, units, converted, conversion %, orders, revenue
        assertThat(button).containsExactly(
                List.of("control", 2L, 1L, new BigDecimal("50.00"), new BigDecimal("1"), new BigDecimal("700")),
                List.of("green", 2L, 1L, new BigDecimal("50.00"), new BigDecimal("2"), new BigDecimal("5990")));
        assertThat(user).containsExactly(
                List.of("a", 1L, 0L, new BigDecimal("0.00"), new BigDecimal("0"), new BigDecimal("0")),
                List.of("b", 1L, 1L, new BigDecimal("100.00"), new BigDecimal("1"), new BigDecimal("3000")));
    }

    private static List<String> readmeQueries() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> queries = new ArrayList<>();
        while (m.find()) {
            queries.add(m.group(1));
        }
        assertThat(queries).hasSize(2);
        return queries;
    }

    private static List<List<Object>> run(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static CoverageRow session(String id, String session, String treatment, boolean forced, int seconds) {
        return coverage(id, session, "exp-button", 1, treatment, "SESSION", session, forced, seconds);
    }

    private static CoverageRow coverage(String id, String session, String experiment, int phase, String treatment,
                                        String unitType, String unitId, boolean forced, int seconds) {
        return new CoverageRow(id, T.plusSeconds(seconds), session, null, "layer-a", experiment, 3, phase, treatment,
                forced ? null : 17, forced, "/checkout", 42, unitType, unitId, 1234,
                experiment + "/" + phase + "/" + unitType + "/" + unitId, null);
    }

    /** A coverage row as loaded from a record written before unit type, unit id and exposure key existed. */
    private static CoverageRow legacy(String id, String session, String treatment) {
        return new CoverageRow(id, T, session, null, "layer-a", "exp-button", 3, 1, treatment, 17, false, "/checkout",
                42, null, null, null, null, null);
    }

    /** An order: client time and server (received) time in seconds from T. */
    private static TrackingRow order(String id, String session, String user, String orderId, int clientSeconds,
                                     int receivedSeconds, long value) {
        return new TrackingRow(id, T.plusSeconds(clientSeconds), T.plusSeconds(receivedSeconds), session, user,
                "ORDER", null, "/thank-you", value, "EUR", orderId, Map.of());
    }
}
