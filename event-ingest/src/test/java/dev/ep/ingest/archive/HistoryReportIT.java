package dev.ep.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.UnitType;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.ingest.store.PartitionPlan;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 14 §3: reports older than the archive cut are identical before and after archiving. A mixed event stream
 * over several past days goes Kafka → loader → PostgreSQL; the README's report SQL runs on PostgreSQL; the archive
 * job runs (through its endpoint); the history endpoint then reports the same range from Parquet and PostgreSQL
 * together, and every count and sum must be identical. Also the endpoint's refusals of bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryReportIT {

    static final Database DB = TestPlatform.postgres().newDatabase("history_report");
    static final Path ARCHIVE = temporaryDirectory();
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** Exposures over five closed days; orders up to yesterday (not closed: stays in PostgreSQL). */
    static final LocalDate FROM = TODAY.minusDays(9);
    static final LocalDate TO = TODAY.minusDays(5);
    static final LocalDate ORDERS_TO = TODAY.minusDays(1);
    static final String VIEWER = "Bearer test-viewer-token";
    static IngestItSupport.Topics topics;
    static KafkaProducer<String, SpecificRecord> producer;
    static List<List<String>> buttonBefore;
    static List<List<String>> userBefore;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, DB);
        registry.add("ep.ingest.archive.directory", ARCHIVE::toString);
        registry.add("ep.ingest.archive.initial-delay", () -> "1h"); // runs only when the test asks
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @BeforeAll
    static void producer() {
        producer = KafkaFixtures.avroProducer();
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    @Order(1)
    void shouldReportIdenticallyFromArchiveAndPostgresAsFromPostgresAlone() throws Exception {
        // given: the mixed stream, loaded
        int produced = produceStream();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT (SELECT count(*) FROM coverage) + (SELECT count(*) FROM tracking_events)", Long.class)
                == produced);
        buttonBefore = readmeReport("exp-button");
        userBefore = readmeReport("exp-user");
        assertThat(buttonBefore).hasSize(2);
        assertThat(userBefore).hasSize(2);
        // every arm has units that converted: the comparison below covers attribution, not just empty arms
        assertThat(buttonBefore).allSatisfy(arm -> assertThat(arm.get(2)).isNotEqualTo("0"));
        // the history path over PostgreSQL alone already agrees
        assertThat(history("exp-button")).isEqualTo(buttonBefore);

        // when: the archive job runs
        JsonNode run = json.readTree(client().post().uri("/v1/archive/run").header("Authorization", VIEWER)
                .retrieve().body(String.class));

        // then: every closed day left PostgreSQL into a file; the open days stayed
        assertThat(run.get("ran").asBoolean()).isTrue();
        // (this stream has coverage and orders only: the empty decision partitions are dropped without a file)
        assertThat(run.get("files").valueStream().map(JsonNode::asString).filter(f -> f.startsWith("coverage/")))
                .hasSize(5);
        for (LocalDate day = FROM; !day.isAfter(TO); day = day.plusDays(1)) {
            assertThat(exists(PartitionPlan.name("coverage", day))).isFalse();
            assertThat(ARCHIVE.resolve("coverage").resolve("event_date=" + day).resolve("part-00000.parquet"))
                    .isRegularFile();
        }
        assertThat(exists(PartitionPlan.name("tracking_events", ORDERS_TO))).isTrue();
        // and the reports over the same range are identical
        assertThat(history("exp-button")).isEqualTo(buttonBefore);
        assertThat(history("exp-user")).isEqualTo(userBefore);
        JsonNode body = report("exp-button", "1", FROM.toString(), TO.toString(), ORDERS_TO.toString(), VIEWER);
        assertThat(body.get("archivedFiles").asInt()).isPositive();
        assertThat(body.get("archivedRows").asLong()).isPositive();
        assertThat(body.get("postgresRows").asLong()).isPositive(); // yesterday's orders
    }

    @Test
    @Order(2)
    void shouldRefuseBadParametersWithProblemDetails() {
        assertProblem(query("experimentId=exp-button&phase=1&from=" + FROM + "&to=" + TO, null), 401,
                "UNAUTHENTICATED");
        assertProblem(query("phase=1&from=" + FROM + "&to=" + TO, VIEWER), 400, "INVALID_PARAMETER");
        assertProblem(query("experimentId=x%27%20OR%20%271%27=%271&phase=1&from=" + FROM + "&to=" + TO, VIEWER), 400,
                "INVALID_PARAMETER");
        assertProblem(query("experimentId=exp-button&phase=one&from=" + FROM + "&to=" + TO, VIEWER), 400,
                "INVALID_PARAMETER");
        assertProblem(query("experimentId=exp-button&phase=-1&from=" + FROM + "&to=" + TO, VIEWER), 400,
                "INVALID_PARAMETER");
        assertProblem(query("experimentId=exp-button&phase=1&from=" + TO + "&to=" + FROM, VIEWER), 400,
                "INVALID_PARAMETER");
        assertProblem(query("experimentId=exp-button&phase=1&from=2026-02-30&to=" + TO, VIEWER), 400,
                "INVALID_PARAMETER");
        assertProblem(query("experimentId=exp-button&phase=1&from=2020-01-01&to=2026-01-01", VIEWER), 400,
                "INVALID_PARAMETER");
        assertProblem(query("experimentId=exp-button&phase=1&from=" + FROM + "&to=" + TO + "&ordersTo="
                + TO.plusDays(91), VIEWER), 400, "INVALID_PARAMETER");
        assertProblem(query("experimentId=" + "e".repeat(129) + "&phase=1&from=" + FROM + "&to=" + TO, VIEWER), 400,
                "INVALID_PARAMETER");
    }

    /** The stream: exposures over five closed days, retries, forced first exposures, orders before/after/resent. */
    private static int produceStream() {
        int count = 0;
        Instant base = FROM.atTime(10, 0).toInstant(ZoneOffset.UTC);
        for (int i = 0; i < 60; i++) {
            String session = "hist-" + i + "/" + EventFixtures.id();
            Instant exposed = base.plus(i % 5, ChronoUnit.DAYS).plusSeconds(i * 37L);
            String treatment = i % 2 == 0 ? "green" : "control";
            count += send(topics.coverage(), session, coverage(session, "exp-button", UnitType.SESSION, session,
                    treatment, exposed, i % 13 == 0));
            if (i % 3 == 0) { // a retry: the same exposure
                count += send(topics.coverage(), session, coverage(session, "exp-button", UnitType.SESSION, session,
                        treatment, exposed.plusSeconds(60), false));
            }
            if (i % 2 == 0) {
                TrackingEvent order = order(session, null, "ord-" + i, exposed.plusSeconds(300), 1_000 + i);
                count += send(topics.events(), session, order);
                if (i % 4 == 0) { // the same order resent
                    count += send(topics.events(), session, TrackingEvent.newBuilder(order).setEventId(
                            EventFixtures.id()).setReceivedTime(exposed.plusSeconds(360)).build());
                }
            }
            if (i % 5 == 0) { // received before the exposure: not attributed
                count += send(topics.events(), session, order(session, null, "early-" + i, exposed.minusSeconds(30),
                        77));
            }
            if (i % 7 == 0) { // yesterday, without order id: stays in PostgreSQL, attributed
                count += send(topics.events(), session, order(session, null, null,
                        ORDERS_TO.atTime(9, 0).toInstant(ZoneOffset.UTC).plusSeconds(i), 500 + i));
            }
            if (i % 6 == 0) { // a USER experiment; the user orders from another session
                String user = "user-" + i;
                count += send(topics.coverage(), session, coverage(session, "exp-user", UnitType.USER, user,
                        i % 12 == 0 ? "a" : "b", exposed, false));
                count += send(topics.events(), "other-" + i, order("other-" + i, user, "u-ord-" + i,
                        exposed.plus(2, ChronoUnit.DAYS), 3_000 + i));
            }
        }
        producer.flush();
        return count;
    }

    private static CoverageEvent coverage(String session, String experiment, UnitType unitType, String unitId,
                                          String treatment, Instant time, boolean forced) {
        return CoverageEvent.newBuilder(EventFixtures.coverage(session, time)).setExperimentId(experiment)
                .setTreatment(treatment).setForced(forced).setSlot(forced ? null : 17).setUnitType(unitType)
                .setUnitId(unitId).setUserId(unitType == UnitType.USER ? unitId : null)
                .setExposureKey(experiment + "/1/" + unitType + "/" + unitId).build();
    }

    private static TrackingEvent order(String session, String user, String orderId, Instant received, long value) {
        return TrackingEvent.newBuilder(EventFixtures.order(session, received.minusMillis(25), value))
                .setReceivedTime(received).setUserId(user).setOrderId(orderId).build();
    }

    private static int send(String topic, String key, SpecificRecord value) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value));
        return 1;
    }

    /** The README's second report query, as written there, over this test's dates, normalised. */
    private List<List<String>> readmeReport(String experiment) throws Exception {
        String sql = readmeQueries().get(1).replace("'exp-button'", "'" + experiment + "'")
                .replace("DATE '2026-11-01'", "DATE '" + FROM + "'").replace("DATE '2026-11-30'", "DATE '" + TO + "'")
                .replace("DATE '2026-12-07'", "DATE '" + ORDERS_TO + "'");
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(List.of(rs.getString(1), number(rs.getObject(2)), number(rs.getObject(3)),
                        number(rs.getObject(4)), number(rs.getObject(5)), number(rs.getObject(6))));
            }
        }
        return rows;
    }

    /** The history endpoint's arms, normalised like {@link #readmeReport}. */
    private List<List<String>> history(String experiment) {
        JsonNode body = report(experiment, "1", FROM.toString(), TO.toString(), ORDERS_TO.toString(), VIEWER);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode arm : body.get("arms")) {
            rows.add(List.of(arm.get("treatment").asString(), number(arm.get("units").asLong()),
                    number(arm.get("converted").asLong()), number(arm.get("conversionPct").decimalValue()),
                    number(arm.get("orders").asLong()), number(arm.get("revenueMinor").asLong())));
        }
        return rows;
    }

    private static String number(Object value) {
        return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }

    private JsonNode report(String experiment, String phase, String from, String to, String ordersTo,
                            String auth) {
        return json.readTree(client().get().uri(u -> u.path("/v1/history/report")
                        .queryParam("experimentId", experiment).queryParam("phase", phase).queryParam("from", from)
                        .queryParam("to", to).queryParam("ordersTo", ordersTo).build())
                .header("Authorization", auth).retrieve().body(String.class));
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply query(String rawQuery, String auth) {
        return client().get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/v1/history/report?" + rawQuery))
                .headers(h -> {
                    if (auth != null) {
                        h.set("Authorization", auth);
                    }
                })
                .exchange((request, response) -> new Reply(response.getStatusCode().value(),
                        json.readTree(response.getBody().readAllBytes())));
    }

    private static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
        assertThat(reply.body().get("code").asString()).isEqualTo(code);
    }

    private boolean exists(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
    }

    private RestClient client() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static List<String> readmeQueries() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> queries = new ArrayList<>();
        while (m.find()) {
            queries.add(m.group(1));
        }
        return queries;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("ep-history-archive");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
