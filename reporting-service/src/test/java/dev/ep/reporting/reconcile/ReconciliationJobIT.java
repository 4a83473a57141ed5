package dev.ep.reporting.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The scheduled reconciliation against a real PostgreSQL (the service's migrations): every running experiment once
 * per period across instances, each outcome recorded, counted and readable as the latest, old runs forgotten. The
 * comparison itself is a stand-in here; ReconciliationIT runs the real one (and the job) over the real services.
 */
class ReconciliationJobIT {

    static final Instant T = Instant.parse("2026-03-02T10:07:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(15);
    static JdbcTemplate jdbc;

    final List<String> reconciled = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void database() {
        Database db = TestPlatform.postgres().newDatabase("reporting_reconcile_job");
        DriverManagerDataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/reporting").table("reporting_flyway_history")
                .load().migrate();
        jdbc = new JdbcTemplate(ds);
    }

    @BeforeEach
    void clean() {
        jdbc.update("DELETE FROM reconciliation_run");
    }

    @Test
    void shouldReconcileEveryRunningExperimentOncePerPeriodAcrossInstances() {
        // given: two instances at the same time, in the same 15-minute period
        ReconciliationJob a = job("a", T);
        ReconciliationJob b = job("b", T.plusSeconds(60));

        // when
        List<ReconciliationRun> byA = a.run();
        List<ReconciliationRun> byB = b.run();
        List<ReconciliationRun> nextPeriod = job("b", T.plus(INTERVAL)).run();

        // then: the running ones, once each per period, whichever instance claimed them; paused and draft ones not
        assertThat(byA).extracting(ReconciliationRun::experimentId).containsExactlyInAnyOrder("fine", "broken", "away");
        assertThat(byB).isEmpty();
        assertThat(nextPeriod).hasSize(3);
        assertThat(reconciled).hasSize(6).doesNotContain("paused", "draft");
        assertThat(byA.get(0).periodStart()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Test
    void shouldRecordCountAndExposeEachOutcome() {
        // when
        job("a", T).run();

        // then: recorded ...
        ReconciliationJob reader = job("b", T);
        ReconciliationRun fine = reader.latest("fine").orElseThrow();
        assertThat(fine.outcome()).isEqualTo(ReconciliationRun.Outcome.MATCH);
        assertThat(fine.aggregates()).isEqualTo(1);
        assertThat(fine.mismatches()).isZero();
        assertThat(fine.cutOff()).isEqualTo(T.minusSeconds(5));
        assertThat(fine.instanceId()).isEqualTo("a");
        ReconciliationRun broken = reader.latest("broken").orElseThrow();
        assertThat(broken.outcome()).isEqualTo(ReconciliationRun.Outcome.MISMATCH);
        assertThat(broken.mismatches()).isEqualTo(1);
        ReconciliationRun away = reader.latest("away").orElseThrow();
        assertThat(away.outcome()).isEqualTo(ReconciliationRun.Outcome.ERROR);
        assertThat(away.reason()).contains("did not answer");
        assertThat(reader.latest("paused")).isEmpty();

        // ... and counted
        assertThat(meters.counter("ep.reporting.reconciliation", "outcome", "match").count()).isEqualTo(1);
        assertThat(meters.counter("ep.reporting.reconciliation", "outcome", "mismatch").count()).isEqualTo(1);
        assertThat(meters.counter("ep.reporting.reconciliation", "outcome", "error").count()).isEqualTo(1);

        // and: the latest is the newest period's
        job("a", T.plus(INTERVAL)).run();
        assertThat(reader.latest("fine").orElseThrow().periodStart()).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
    }

    @Test
    void shouldForgetRunsOlderThanTheRetention() {
        job("a", T).run();
        job("a", T.plus(Duration.ofDays(89))).run();

        job("a", T.plus(Duration.ofDays(91))).run();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM reconciliation_run", Long.class)).isEqualTo(6);
        assertThat(jdbc.queryForObject("SELECT min(started_at) FROM reconciliation_run", java.sql.Timestamp.class)
                .toInstant()).isEqualTo(T.plus(Duration.ofDays(89)));
    }

    // ------------------------------------------------------------------ fixtures

    private ReconciliationJob job(String instance, Instant now) {
        Map<String, ExperimentConfig> experiments = new LinkedHashMap<>();
        for (String id : List.of("fine", "broken", "away", "paused", "draft")) {
            String status = id.equals("paused") ? "PAUSED" : id.equals("draft") ? "DRAFT" : "RUNNING";
            experiments.put(id, new ExperimentConfig(id, "SESSION", status, "control", 1,
                    Map.of(1, Map.of("control", 5000, "treatment", 5000)), "conversion", List.of(), 1, 1, false));
        }
        ConfigSnapshot config = new ConfigSnapshot(Catalog.EMPTY, experiments, 0);
        return new ReconciliationJob(id -> standIn(id, now), () -> config, new ReconciliationRuns(jdbc), meters,
                Clock.fixed(now, ZoneOffset.UTC), INTERVAL, Duration.ofDays(90), instance);
    }

    /** The comparison's outcomes: "fine" matches, "broken" differs in one aggregate, "away" has no database. */
    private ReconciliationService.Outcome standIn(String id, Instant now) {
        reconciled.add(id);
        Instant cutOff = now.minusSeconds(5);
        Figures units = Figures.units(10);
        return switch (id) {
            case "fine" -> new ReconciliationService.Outcome.Done(new Reconciliation(id, cutOff, cutOff,
                    Reconciliation.Status.MATCH, "Every count and sum is equal.", 0, List.of(aggregate(units, units))));
            case "broken" -> new ReconciliationService.Outcome.Done(new Reconciliation(id, cutOff, cutOff,
                    Reconciliation.Status.MISMATCH, "1 aggregate(s) differ.", 1,
                    List.of(aggregate(units, Figures.units(9)))));
            default -> new ReconciliationService.Outcome.IngestUnavailable("event-ingest's database did not answer");
        };
    }

    private static Reconciliation.Aggregate aggregate(Figures stream, Figures ingest) {
        return new Reconciliation.Aggregate(AggregateKey.Kind.COVERAGE_UNITS, 1, "control", null, stream, ingest,
                stream.equals(ingest) ? Reconciler.Verdict.MATCH : Reconciler.Verdict.MISMATCH);
    }
}
