package dev.ep.simulator.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ep.simulator.match.ResultsBodies.Arm;
import dev.ep.simulator.match.ResultsBodies.Buyer;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.PostgresServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "The reports match" against real parts: a real PostgreSQL with event-ingest's own migrations (applied from
 * event-ingest's source tree, so a schema change there reaches this test), and the results body served over real
 * HTTP with a bearer token. The rows exercise each attribution rule the SQL applies.
 */
class ReportsMatchIT {

    private static final Path MIGRATIONS = Path.of("..", "event-ingest", "src", "main", "resources", "db", "ingest");
    private static final String TOKEN = "sim-viewer-token";
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    private static PostgresServer postgres;
    private static Database database;
    private static HttpServer reporting;
    private static final AtomicReference<String> RESULTS_BODY = new AtomicReference<>();
    /** Every fact inserted, as the ledger would record it, attributed in plain Java. */
    private static LedgerAttribution recorded;

    /** What the ledger sent, by the rules in the README (see {@link #insertTheRun}). */
    private static final List<LedgerTotals> LEDGER = List.of(
            new LedgerTotals("checkout", "control", 2, 1, 2, 5_000),
            new LedgerTotals("checkout", "green", 3, 2, 2, 9_500));

    /** The same figures as the stream reports them. */
    private static final List<Arm> STREAM = List.of(
            new Arm("control", 2, List.of(new Buyer(2, 5_000))),
            new Arm("green", 3, List.of(new Buyer(1, 2_500), new Buyer(1, 7_000))));

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.embedded();
        database = postgres.newDatabase("sim_match");
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            List<Path> files;
            try (Stream<Path> listing = Files.list(MIGRATIONS)) {
                files = listing.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                        .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
            }
            assertThat(files).as("event-ingest's migrations in " + MIGRATIONS.toAbsolutePath()).isNotEmpty();
            for (Path file : files) {
                s.execute(Files.readString(file));
            }
            // event-ingest creates daily partitions at run time; one default partition per table holds any day here
            for (String table : List.of("decisions", "decision_experiments", "coverage", "tracking_events")) {
                s.execute("CREATE TABLE " + table + "_any PARTITION OF " + table + " DEFAULT");
            }
        }
        reporting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        reporting.createContext("/v1/experiments/", exchange -> {
            boolean authorised = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean known = exchange.getRequestURI().getRawPath().equals("/v1/experiments/checkout/results");
            int status = !authorised ? 401 : known ? 200 : 404;
            byte[] body = (status == 200 ? RESULTS_BODY.get()
                    : "{\"type\":\"about:blank\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        reporting.start();
    }

    @AfterAll
    static void stop() {
        if (reporting != null) {
            reporting.stop(0);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void insertTheRun() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE decisions, decision_experiments, coverage, tracking_events");
        }
        recorded = new LedgerAttribution(IngestTotalsQuery.DEFAULT_WINDOW);
        RESULTS_BODY.set(ResultsBodies.body("checkout", 1, STREAM));
        // control: s1 converts (order o1 sent twice with two event ids, order o2), s10 does not; s4 is QA-forced later
        coverage("c1", T0, "s1", null, "SESSION", "s1", "checkout", 1, "control", false);
        coverage("c1-retry", T0.plusSeconds(300), "s1", null, "SESSION", "s1", "checkout", 1, "control", false);
        order("e1", T0.plusSeconds(60), "s1", null, "o1", 4_000);
        order("e1-resent", T0.plusSeconds(120), "s1", null, "o1", 4_000);
        order("e2", T0.plusSeconds(180), "s1", null, "o2", 1_000);
        coverage("c10", T0, "s10", null, "SESSION", "s10", "checkout", 1, "control", false);
        coverage("c4", T0, "s4", null, "SESSION", "s4", "checkout", 1, "control", false);
        coverage("c4-qa", T0.plusSeconds(3_600), "s4", null, "SESSION", "s4", "checkout", 1, "control", true);
        order("e4", T0.plusSeconds(60), "s4", null, "o4", 9_999);
        // green: s2's order before exposure does not count, its order e3 is stored twice (same event id, two days)
        coverage("c2", T0, "s2", null, "SESSION", "s2", "checkout", 1, "green", false);
        order("e2-early", T0.minusSeconds(60), "s2", null, "o0", 3_000);
        order("e3", T0.plusSeconds(600), "s2", null, "o3", 2_500);
        orderOnDay("e3", T0.plusSeconds(600), "s2", null, "o3", 2_500, T0.plus(Duration.ofDays(1)));
        // s3's order comes after the 7-day window
        coverage("c3", T0, "s3", null, "SESSION", "s3", "checkout", 1, "green", false);
        order("e3-late", T0.plus(Duration.ofDays(8)), "s3", null, "o5", 8_000);
        // the USER unit u1 is covered in session s6 and orders in session s7
        coverage("c6", T0, "s6", "u1", "USER", "u1", "checkout", 1, "green", false);
        order("e7", T0.plus(Duration.ofDays(1)), "s7", "u1", "o7", 7_000);
        // s5 is held out; s8 was first exposed in phase 2; s9 ordered without coverage; s1 in another experiment
        coverage("c5", T0, "s5", null, "SESSION", "s5", "checkout", 1, "green", false);
        heldOut("d5", T0, "s5");
        order("e5", T0.plusSeconds(60), "s5", null, "o8", 1_234);
        coverage("c8", T0, "s8", null, "SESSION", "s8", "checkout", 2, "control", false);
        order("e8", T0.plusSeconds(60), "s8", null, "o9", 4_321);
        order("e9", T0.plusSeconds(60), "s9", null, "o10", 5_555);
        coverage("c1-search", T0, "s1", null, "SESSION", "s1", "search", 1, "control", false);
    }

    private static ReportsMatch reportsMatch(String token) {
        return ReportsMatch.of(
                new ResultsClient(URI.create("http://127.0.0.1:" + reporting.getAddress().getPort()), token,
                        Duration.ofSeconds(10)),
                IngestTotalsQuery.of(database.jdbcUrl(), database.username(), database.password(),
                        IngestTotalsQuery.DEFAULT_WINDOW));
    }

    @Test
    void shouldMatchWhenReportingAndIngestCountWhatTheLedgerSent() {
        MatchResult result = reportsMatch(TOKEN).check("checkout", LEDGER, null);

        assertThat(result.differences()).isEmpty();
        assertThat(result.matched()).isTrue();
        assertThat(result.phase()).isEqualTo(1);
        assertThat(result.ingest()).containsExactly(
                new ReportedTotals("checkout", "control", 2, 1, 2, 5_000),
                new ReportedTotals("checkout", "green", 3, 2, 2, 9_500));
        assertThat(result.describe()).singleElement().asString().contains("equal the ledger exactly");
    }

    @Test
    void shouldAttributeTheLedgerInPlainJavaAsTheSqlDoes() {
        assertThat(recorded.totals("checkout", 1)).isEqualTo(LEDGER);
        assertThat(recorded.totals("checkout", 1)).containsExactlyElementsOf(
                IngestTotalsQuery.of(database.jdbcUrl(), database.username(), database.password(),
                        IngestTotalsQuery.DEFAULT_WINDOW).totals("checkout", 1, null).stream()
                        .map(t -> new LedgerTotals(t.experimentId(), t.treatment(), t.units(), t.conversions(),
                                t.orders(), t.revenueMinor()))
                        .toList());
        assertThat(recorded.totals("checkout", 2)).containsExactly(
                new LedgerTotals("checkout", "control", 1, 1, 1, 4_321));
    }

    @Test
    void shouldListTheDifferencesWhenAnOrderIsDuplicatedInIngest() throws Exception {
        // the platform stored s10's click twice as two orders: a new order id, a new event id
        order("e10-a", T0.plusSeconds(60), "s10", null, "o11", 3_000);

        MatchResult result = reportsMatch(TOKEN).check("checkout", LEDGER, null);

        assertThat(result.matched()).isFalse();
        assertThat(result.differences()).extracting(Difference::describe).containsExactly(
                "checkout/control conversions: ledger 1, event-ingest PostgreSQL 2 (+1)",
                "checkout/control orders: ledger 2, event-ingest PostgreSQL 3 (+1)",
                "checkout/control revenue (minor units): ledger 5000, event-ingest PostgreSQL 8000 (+3000)");
    }

    @Test
    void shouldListTheDifferencesWhenACoverageIsDropped() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM coverage WHERE event_id = 'c2'");
        }

        MatchResult result = reportsMatch(TOKEN).check("checkout", LEDGER, null);

        assertThat(result.differences()).extracting(Difference::describe).containsExactly(
                "checkout/green units: ledger 3, event-ingest PostgreSQL 2 (-1)",
                "checkout/green conversions: ledger 2, event-ingest PostgreSQL 1 (-1)",
                "checkout/green orders: ledger 2, event-ingest PostgreSQL 1 (-1)",
                "checkout/green revenue (minor units): ledger 9500, event-ingest PostgreSQL 7000 (-2500)");
    }

    @Test
    void shouldListTheDifferencesWhenReportingFlippedATreatment() {
        // reporting-service counted the buyer of 2,500 in control
        RESULTS_BODY.set(ResultsBodies.body("checkout", 1, List.of(
                new Arm("control", 3, List.of(new Buyer(2, 5_000), new Buyer(1, 2_500))),
                new Arm("green", 2, List.of(new Buyer(1, 7_000))))));

        MatchResult result = reportsMatch(TOKEN).check("checkout", LEDGER, null);

        assertThat(result.differences()).allMatch(d -> d.source() == Source.REPORTING_SERVICE).hasSize(8);
        assertThat(result.describe()).contains(
                "checkout (phase 1) checkout/control units: ledger 2, reporting-service 3 (+1)",
                "checkout (phase 1) checkout/green revenue (minor units): ledger 9500, reporting-service 7000 (-2500)");
    }

    @Test
    void shouldCountOnlyInputsUpToTheCutOff() {
        // one second after T0 + 10 minutes: the USER unit's order a day later is not counted yet, and s4's QA
        // coverage an hour later has not yet taken it out
        List<ReportedTotals> early = IngestTotalsQuery.of(database.jdbcUrl(), database.username(),
                database.password(), IngestTotalsQuery.DEFAULT_WINDOW).totals("checkout", 1, T0.plusSeconds(601));

        assertThat(early).containsExactly(
                new ReportedTotals("checkout", "control", 3, 2, 3, 14_999),
                new ReportedTotals("checkout", "green", 3, 1, 1, 2_500));
    }

    @Test
    void shouldSayWhenReportingServiceRefusesTheToken() {
        assertThatThrownBy(() -> reportsMatch("wrong").check("checkout", LEDGER, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("answered 401");
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static void coverage(String eventId, Instant time, String session, String user, String unitType,
                                 String unitId, String experiment, int phase, String treatment, boolean forced)
            throws Exception {
        recorded.coverage(new LedgerAttribution.Coverage(experiment, phase, treatment, unitType, unitId, time, forced));
        insert("INSERT INTO coverage (event_id, event_date, event_time, session_id, user_id, layer_id, experiment_id,"
                        + " experiment_version, phase, treatment, slot, forced, config_version, unit_type, unit_id)"
                        + " VALUES (?, ?, ?, ?, ?, 'checkout-layer', ?, 1, ?, ?, 0, ?, 1, ?, ?)",
                eventId, day(time), utc(time), session, user, experiment, phase, treatment, forced,
                unitType, unitId);
    }

    private static void order(String eventId, Instant received, String session, String user, String orderId,
                              long valueMinor) throws Exception {
        orderOnDay(eventId, received, session, user, orderId, valueMinor, received);
    }

    private static void orderOnDay(String eventId, Instant received, String session, String user, String orderId,
                                   long valueMinor, Instant day) throws Exception {
        recorded.order(new LedgerAttribution.Order(eventId, session, user, orderId, valueMinor, received));
        insert("INSERT INTO tracking_events (event_id, event_date, event_time, received_time, session_id, user_id,"
                        + " type, value_minor, currency, order_id) VALUES (?, ?, ?, ?, ?, ?, 'ORDER', ?, 'EUR', ?)",
                eventId, day(day), utc(received), utc(received), session, user, valueMinor,
                orderId);
    }

    private static void heldOut(String eventId, Instant time, String session) throws Exception {
        recorded.heldOut("SESSION", session);
        insert("INSERT INTO decisions (event_id, event_date, event_time, session_id, config_version, holdout,"
                        + " experiment_count, holdout_unit_type, holdout_unit_id, holdout_basis_points)"
                        + " VALUES (?, ?, ?, ?, 1, true, 0, 'SESSION', ?, 500)",
                eventId, day(time), utc(time), session, session);
    }

    private static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    private static java.sql.Date day(Instant time) {
        return java.sql.Date.valueOf(time.atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static void insert(String sql, Object... values) throws Exception {
        try (Connection c = database.connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
