package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.ingest.event.CoverageRow;
import dev.ep.ingest.event.EventBatch;
import dev.ep.ingest.event.EventRow;
import dev.ep.ingest.event.TrackingRow;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
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

/** The example SQL of the README, exactly as written there, against known events stored by {@link EventStore}. */
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
                coverage("c1", "s1", "green", false, 0), coverage("c1b", "s1", "green", false, 60),
                order("o1", "s1", 120, 4_990),
                coverage("c2", "s2", "green", false, 0),
                order("o3", "s3", -60, 700), coverage("c3", "s3", "control", false, 0),
                coverage("c4", "s4", "control", false, 0), order("o4", "s4", 30, 1_000),
                coverage("c5", "s5", "control", true, 0), order("o5", "s5", 30, 9_999));
        store.store(EventBatch.of(rows));
    }

    @Test
    void shouldCountCoveredSessionsPerTreatmentWithTheReadmeQuery() throws Exception {
        List<List<Object>> result = run(readmeQueries().get(0));

        assertThat(result).containsExactly(List.of("control", 2L, 2L), List.of("green", 2L, 3L));
    }

    @Test
    void shouldComputeConversionPerTreatmentWithTheReadmeQuery() throws Exception {
        List<List<Object>> result = run(readmeQueries().get(1));

        assertThat(result).hasSize(2);
        assertThat(result.get(0)).containsExactly("control", 2L, 1L, new java.math.BigDecimal("50.00"),
                new java.math.BigDecimal("1000"));
        assertThat(result.get(1)).containsExactly("green", 2L, 1L, new java.math.BigDecimal("50.00"),
                new java.math.BigDecimal("4990"));
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

    private static CoverageRow coverage(String id, String session, String treatment, boolean forced, int seconds) {
        return new CoverageRow(id, T.plusSeconds(seconds), session, null, "layer-a", "exp-button", 3, 1, treatment,
                forced ? null : 17, forced, "/checkout", 42);
    }

    private static TrackingRow order(String id, String session, int seconds, long value) {
        return new TrackingRow(id, T.plusSeconds(seconds), T.plusSeconds(seconds), session, null, "ORDER", null,
                "/thank-you", value, "EUR", Map.of());
    }
}
