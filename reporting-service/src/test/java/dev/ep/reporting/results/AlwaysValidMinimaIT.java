package dev.ep.reporting.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.stats.analysis.AnalysisRequest.PreviousAlwaysValid;
import dev.ep.stats.analysis.AnalysisRequest.PreviousComparison;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The running minima in a real PostgreSQL with the service's own migrations: two stores over one database stand for
 * two instances (or one instance before and after a restart); what one has published bounds what the other publishes.
 */
class AlwaysValidMinimaIT {

    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    private JdbcTemplate jdbc;

    @BeforeEach
    void migrate() {
        Database db = TestPlatform.postgres().newDatabase("reporting");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/reporting")
                .table("reporting_flyway_history").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    private AlwaysValidMinima instance(Instant now) {
        return new AlwaysValidMinima(jdbc, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static PreviousAlwaysValid offer(Double coverage, double green) {
        return new PreviousAlwaysValid(coverage, null, List.of(new PreviousComparison("conversion", "green", green)));
    }

    @Test
    void shouldPublishTheLowestValueEitherInstanceHasSeen() {
        AlwaysValidMinima first = instance(T0);
        AlwaysValidMinima second = instance(T0.plusSeconds(1));

        assertThat(first.lower("checkout", 1, offer(0.30, 0.20))).isEqualTo(offer(0.30, 0.20));
        assertThat(second.lower("checkout", 1, offer(0.50, 0.10)))
                .as("higher coverage value from the other instance is not published; the lower green one is")
                .isEqualTo(offer(0.30, 0.10));
        assertThat(first.lower("checkout", 1, offer(0.40, 0.60))).isEqualTo(offer(0.30, 0.10));
        assertThat(first.lower("checkout", 2, offer(0.90, 0.90))).as("another phase is its own").isEqualTo(offer(0.90, 0.90));
        assertThat(first.lower("other", 1, PreviousAlwaysValid.NONE)).isEqualTo(PreviousAlwaysValid.NONE);
    }

    @Test
    void shouldNeverGoUpUnderConcurrentAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PreviousAlwaysValid>> answers = new java.util.ArrayList<>();
            List<Double> offered = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                double p = 1.0 - i / 50.0;
                AlwaysValidMinima store = instance(T0.plusMillis(i));
                offered.add(p);
                answers.add(pool.submit(() -> store.lower("checkout", 1, offer(p, p))));
            }
            for (int i = 0; i < answers.size(); i++) {
                PreviousAlwaysValid published = answers.get(i).get();
                assertThat(published.srmCoverageP()).isLessThanOrEqualTo(offered.get(i))
                        .isEqualTo(published.comparisons().get(0).alwaysValidP());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(instance(T0).lower("checkout", 1, offer(1.0, 1.0))).isEqualTo(offer(1.0 - 39 / 50.0, 1.0 - 39 / 50.0));
    }

    @Test
    void shouldForgetPhasesNotLookedAtSinceTheCutoff() {
        instance(T0).lower("old", 1, offer(0.01, 0.01));
        instance(T0.plusSeconds(3600)).lower("recent", 1, offer(0.02, 0.02));

        assertThat(instance(T0).deleteBefore(T0.plusSeconds(60))).isEqualTo(2);
        assertThat(instance(T0).lower("old", 1, offer(0.5, 0.5))).as("forgotten").isEqualTo(offer(0.5, 0.5));
        assertThat(instance(T0).lower("recent", 1, offer(0.5, 0.5))).isEqualTo(offer(0.02, 0.02));
    }
}
