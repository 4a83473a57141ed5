package dev.ep.simulator.it;

import dev.ep.simulator.match.LedgerTotals;
import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.config.ConfigServiceApplication;
import dev.ep.ingest.EventIngestApplication;
import dev.ep.reporting.ReportingServiceApplication;
import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.load.LoadGenerator;
import dev.ep.simulator.load.LoadRun;
import dev.ep.simulator.ledger.LedgerTotalsAdapter;
import dev.ep.simulator.run.Mode;
import dev.ep.simulator.run.RunSettings;
import dev.ep.simulator.run.SimulationRun;
import dev.ep.simulator.validate.ValidationResult;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.ServiceInstance;
import dev.ep.testsupport.TestPlatform;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator against the real platform in this JVM: config-service, assignment-service, event-ingest and
 * reporting-service on free ports (each with its own PostgreSQL database where it has one), on test-support's KRaft
 * broker and schema registry, all on the platform's default topics. A short accelerated run of the default shop
 * (3,000 visitor sessions plus the QA sessions) is set up through config-service's API, driven through
 * assignment-service's storefront API only, and every ledger validation must pass: the treatments the real hashing
 * gives match the weights and traffic, the deliberate coverage bug is flagged, nothing conflicts, no call fails.
 * Every validation runs, validation 4 included: reporting-service's aggregates and event-ingest's tables equal the
 * ledger's totals exactly (units, conversions, orders, revenue per treatment of every experiment).
 *
 * <p>The SLA bound here is 2 s, not the default 10 ms: CI shares two cores between the broker, the registry, two
 * services, PostgreSQL and the simulator itself, so this run's tail says nothing about the service's; the 10 ms
 * p99.9 is measured with {@code ./platform simulate} against a platform of its own (README, "Commands"). The
 * no-5xx, no-unanswered-call half of validation 1 applies unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulationIT {

    /**
     * Fixed, like the seed: every database and topic of this JVM is new, so the ids cannot collide, and with the
     * platform's deterministic hashing the sessions' units and buckets are the same every time (validation 3's
     * family-wise rule bounds a correct platform's failures at 0.1% of runs whatever the run id).
     */
    private static final String RUN_ID = "itsim1";

    private ServiceInstance config;
    private ServiceInstance assignment;
    private ServiceInstance ingest;
    private ServiceInstance reporting;
    private Path work;
    private String ingestJdbc;

    @BeforeAll
    void startPlatform() throws Exception {
        work = Files.createTempDirectory("simulation-it");
        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        Database db = TestPlatform.postgres().newDatabase("config_service");

        Map<String, Object> c = new LinkedHashMap<>();
        c.put("spring.datasource.url", db.jdbcUrl());
        c.put("spring.datasource.username", db.username());
        c.put("spring.datasource.password", db.password());
        c.put("spring.kafka.bootstrap-servers", kafka);
        c.put("spring.kafka.properties.schema.registry.url", registry);
        c.put("ep.schema-registry.url", registry);
        c.put("ep.config.security.dev-tokens", "true");
        config = ServiceInstance.start("config-service", ConfigServiceApplication.class, c);

        Map<String, Object> a = new LinkedHashMap<>();
        a.put("spring.kafka.bootstrap-servers", kafka);
        a.put("spring.kafka.properties.schema.registry.url", registry);
        a.put("ep.schema-registry.url", registry);
        a.put("ep.assignment.data-dir", work.resolve("assignment").toString());
        // config-service's JDBC and Flyway starters are on this JVM's classpath; assignment-service has no database
        a.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
        assignment = ServiceInstance.start("assignment-service", AssignmentServiceApplication.class, a);

        Database ingestDb = TestPlatform.postgres().newDatabase("event_ingest");
        ingestJdbc = ingestDb.jdbcUrl() + (ingestDb.jdbcUrl().contains("?") ? "&" : "?") + "user="
                + URLEncoder.encode(ingestDb.username(), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(ingestDb.password() == null ? "" : ingestDb.password(), StandardCharsets.UTF_8);
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("spring.datasource.url", ingestDb.jdbcUrl());
        i.put("spring.datasource.username", ingestDb.username());
        i.put("spring.datasource.password", ingestDb.password());
        i.put("spring.kafka.bootstrap-servers", kafka);
        i.put("spring.kafka.properties.schema.registry.url", registry);
        i.put("ep.schema-registry.url", registry);
        i.put("spring.kafka.consumer.group-id", "event-ingest-" + UUID.randomUUID());
        i.put("ep.ingest.security.dev-tokens", "true");
        ingest = ServiceInstance.start("event-ingest", EventIngestApplication.class, i);

        Database reportingDb = TestPlatform.postgres().newDatabase("reporting");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("spring.datasource.url", reportingDb.jdbcUrl());
        r.put("spring.datasource.username", reportingDb.username());
        r.put("spring.datasource.password", reportingDb.password());
        r.put("spring.kafka.bootstrap-servers", kafka);
        r.put("spring.kafka.properties.schema.registry.url", registry);
        r.put("ep.schema-registry.url", registry);
        r.put("spring.kafka.streams.application-id", "ep-reporting-" + UUID.randomUUID().toString().substring(0, 8));
        r.put("spring.kafka.streams.state-dir", work.resolve("reporting-state").toString());
        r.put("ep.reporting.security.dev-tokens", "true");
        r.put("EP_REPORTING_INGEST_POSTGRES_URL", ingestDb.jdbcUrl());
        reporting = ServiceInstance.start("reporting-service", ReportingServiceApplication.class, r);
    }

    @AfterAll
    void stopPlatform() {
        for (ServiceInstance s : new ServiceInstance[] {reporting, ingest}) {
            if (s != null) {
                s.close();
            }
        }
        if (assignment != null) {
            assignment.close();
        }
        if (config != null) {
            config.close();
        }
    }

    @Test
    void shouldPassEveryValidationWhenTheDefaultShopDrivesTheRealPlatform() throws Exception {
        RunSettings settings = new RunSettings(null, 20261130, 3000, Mode.ACCELERATED, 8, 1,
                assignment.baseUri(), config.baseUri(), reporting.baseUri(), ingestJdbc, work.resolve("ledger.jsonl"),
                work.resolve("report"), RUN_ID, 2000,
                1L << 30, null, "dev-owner-token", "dev-admin-token", "dev-viewer-token", "team-simulator", "EUR",
                false);

        SimulationRun.Outcome outcome = SimulationRun.execute(settings, System.err);

        for (ValidationResult r : outcome.results()) {
            assertThat(r.passed()).as(r.name() + ": " + r.problems() + "\n" + r.figures()).isTrue();
        }
        assertThat(outcome.summary().completed()).isEqualTo(outcome.summary().planned());
        assertThat(outcome.ledger().entries()).allSatisfy(e -> assertThat(e.ok()).as(e.toString()).isTrue());
        // the platform really assigned, covered and took orders, with holdout and QA overrides in play
        assertThat(outcome.ledger().entries()).anySatisfy(e -> assertThat(e.assignments()).isNotEmpty());
        assertThat(outcome.ledger().entries()).anySatisfy(e -> assertThat(e.holdout()).isTrue());
        assertThat(outcome.ledger().entries())
                .anySatisfy(e -> assertThat(e.assignments()).anySatisfy(x -> assertThat(x.forced()).isTrue()));
        assertThat(outcome.ledger().entries().stream().filter(e -> e.call().equals(LedgerEntry.COVER)))
                .isNotEmpty();
        assertThat(LedgerTotalsAdapter.totals(outcome.ledger()))
                .anySatisfy(t -> assertThat(t.orders()).isPositive());
        assertThat(outcome.results().get(3).figures())
                .anySatisfy(f -> assertThat(f).contains("recommendations").contains("FLAGGED"));
        assertThat(outcome.html()).exists();

        // a multi-phase run: the default shop's ramp and weight change went through config-service while traffic
        // ran, and assignment-service's answers (their exposure tokens) carry the phases
        String loyalty = new RunIds(RUN_ID).experiment("loyalty-banner");
        assertThat(outcome.ledger().changes()).extracting(e -> e.change().kind()).containsExactly("ramp", "weights");
        assertThat(outcome.ledger().changes().get(1).change().changedSlots()).isNotEmpty();
        assertThat(outcome.ledger().entries()).flatExtracting(LedgerEntry::assignments)
                .filteredOn(a -> a.experiment().equals(loyalty)).extracting(LedgerEntry.Assigned::phase)
                .contains(1, 2).doesNotContain(0);
        assertThat(outcome.results().get(2).figures()).anySatisfy(f -> assertThat(f).contains(loyalty + " [1, 2]"));

        // reporting-service counted exactly the units the storefront exposed, per phase and treatment
        Map<String, Map<String, Long>> expected = new HashMap<>();
        for (LedgerTotalsAdapter.PhaseTotals p : LedgerTotalsAdapter.byPhase(outcome.ledger())) {
            Map<String, Long> perTreatment = expected.computeIfAbsent(p.experimentId() + "?phase=" + p.phase(),
                    k -> new HashMap<>());
            for (LedgerTotals t : p.totals()) {
                if (t.units() != 0) {
                    perTreatment.put(t.treatment(), t.units());
                }
            }
        }
        assertThat(expected).containsKeys(loyalty + "?phase=1", loyalty + "?phase=2");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> {
                    for (Map.Entry<String, Map<String, Long>> e : expected.entrySet()) {
                        assertThat(coverageUnits(http, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                    }
                });
    }

    @Test
    void shouldDriveAnOpenLoopStorefrontLoadAtTheRealPlatform() throws Exception {
        LoadRun.Settings settings = new LoadRun.Settings(null, 7, "itload1", 100, 20, 8, assignment.baseUri(),
                config.baseUri(), null, "dev-owner-token", "dev-admin-token", "team-simulator", "EUR",
                work.resolve("load.json"));

        LoadGenerator.Result r = LoadRun.execute(settings, System.err, System.err);

        // every due page of realistic sessions was sent and answered 2xx: assign and events on each, coverage on some
        assertThat(r.pagesDue()).isEqualTo(2000);
        assertThat(r.pagesDone()).isEqualTo(r.pagesDue());
        assertThat(r.errors()).as("5xx %d, 4xx %d, unanswered %d, dropped %d", r.serverErrors(), r.clientErrors(),
                r.unanswered(), r.dropped()).isZero();
        assertThat(r.perCall().get("assign").getTotalCount()).isEqualTo(2000);
        assertThat(r.perCall().get("track").getTotalCount()).isEqualTo(2000);
        assertThat(r.perCall().get("cover").getTotalCount()).isPositive();
        assertThat(JsonMapper.builder().build().readTree(work.resolve("load.json").toFile()).path("pagesDone").asLong())
                .isEqualTo(2000);
    }

    private Map<String, Long> coverageUnits(HttpClient http, String experimentAndPhase) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(reporting.baseUri() + "/v1/experiments/" + experimentAndPhase.replace("?", "/results?")))
                .header("Authorization", "Bearer dev-viewer-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode units = JsonMapper.builder().build().readTree(response.body()).path("statistics").path("coverageUnits");
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : units.properties()) {
            if (e.getValue().asLong() != 0) {
                out.put(e.getKey(), e.getValue().asLong());
            }
        }
        return out;
    }
}
