package dev.ep.reporting.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.Analyzer;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Auto-pause's memory and claim in a real PostgreSQL (the service's own migrations): a second instance, or the same
 * one after a restart, never pauses again what was paused in that phase and then resumed by its owner; two instances
 * checking at once call config-service once; a failed pause is retried; a dead instance's claim is taken over.
 * config-service is a recording stand-in here (GuardrailIT covers the real one).
 */
class AutoPauseMemoryIT {

    static JdbcTemplate jdbc;

    /** config-service's experiment status, as the stand-in sees it, and the pause calls it got. */
    final AtomicReference<String> status = new AtomicReference<>("RUNNING");
    final List<String> pauseCalls = new CopyOnWriteArrayList<>();
    AtomicReference<ConfigServicePauser.Result> answer = new AtomicReference<>(null);

    @BeforeAll
    static void database() {
        Database db = TestPlatform.postgres().newDatabase("reporting_auto_pause");
        DriverManagerDataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
        Flyway.configure().dataSource(ds).locations("classpath:db/reporting").table("reporting_flyway_history")
                .load().migrate();
        jdbc = new JdbcTemplate(ds);
    }

    @BeforeEach
    void clean() {
        jdbc.update("DELETE FROM auto_pause_action");
    }

    @Test
    void shouldNotPauseAgainWhatAnOwnerResumedAfterARestartOrOnAnotherInstance() {
        // given: instance A pauses the flagged experiment
        instance("a", this::configService).check();
        assertThat(pauseCalls).hasSize(1);
        assertThat(pauseCalls.get(0)).startsWith("exp: auto-pause: SRM on coverage");

        // when: the owner resumes it (still flagged), A restarts, and a second instance B runs too
        status.set("RUNNING");
        instance("a-restarted", this::configService).check();
        instance("b", this::configService).check();

        // then: nobody pauses it again in this phase
        assertThat(pauseCalls).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT outcome FROM auto_pause_action WHERE experiment_id = 'exp' AND phase = 2",
                String.class)).isEqualTo("PAUSED");
    }

    @Test
    void shouldLetOnlyOneOfTwoInstancesCheckingAtOnceCallConfigService() throws Exception {
        // given: instance A's pause call is in flight (its claim is held) ...
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AutoPause a = instance("a", (id, reason) -> {
            inFlight.countDown();
            await(release);
            return configService(id, reason);
        });
        CompletableFuture<Void> first = CompletableFuture.runAsync(a::check);
        assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();

        // when: instance B checks the same flagged experiment meanwhile
        instance("b", this::configService).check();
        release.countDown();
        first.get(30, TimeUnit.SECONDS);

        // then: config-service got one pause, A's
        assertThat(pauseCalls).hasSize(1);
    }

    @Test
    void shouldTryAgainAtTheNextCheckWhenThePauseFailed() {
        answer.set(ConfigServicePauser.Result.UNAVAILABLE);
        AutoPause a = instance("a", this::configService);
        a.check();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM auto_pause_action", Long.class)).as("claim given up")
                .isZero();

        answer.set(null);
        instance("b", this::configService).check();

        assertThat(pauseCalls).hasSize(2);
        assertThat(status.get()).isEqualTo("PAUSED");
    }

    @Test
    void shouldTakeOverTheClaimOfAnInstanceThatDiedMidPauseOnlyAfterTheLease() {
        // given: a claim that a dead instance left 10 minutes ago, and one left just now
        jdbc.update("INSERT INTO auto_pause_action (experiment_id, phase, outcome, instance_id, claimed_at)"
                + " VALUES ('exp', 2, 'CLAIMED', 'dead', now() - interval '10 minutes')");
        PauseMemory memory = new PauseMemory(jdbc);
        assertThat(memory.claim("other", 1, "dead-too", "r", Duration.ofMinutes(2))).isTrue();

        // when
        instance("a", this::configService).check();

        // then: the stale claim is taken over and settled; the fresh one is not taken
        assertThat(pauseCalls).hasSize(1);
        assertThat(memory.outcome("exp", 2)).hasValue(PauseMemory.Outcome.PAUSED);
        assertThat(memory.claim("other", 1, "a", "r", Duration.ofMinutes(2))).isFalse();
        assertThat(memory.claim("exp", 2, "a", "r", Duration.ZERO)).as("a settled row is never claimed again")
                .isFalse();
    }

    @Test
    void shouldForgetWhatWasPausedLongerAgoThanTheMemory() {
        jdbc.update("INSERT INTO auto_pause_action (experiment_id, phase, outcome, instance_id, claimed_at)"
                + " VALUES ('old', 1, 'PAUSED', 'x', now() - interval '401 days'),"
                + " ('recent', 1, 'PAUSED', 'x', now() - interval '399 days')");

        assertThat(new PauseMemory(jdbc).forgetOlderThan(Duration.ofDays(400))).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT experiment_id FROM auto_pause_action", String.class))
                .containsExactly("recent");
    }

    // ------------------------------------------------------------------ fixtures

    /** config-service's answers: a running experiment is paused; one not running is a 409. */
    private ConfigServicePauser.Result configService(String id, String reason) {
        pauseCalls.add(id + ": " + reason);
        ConfigServicePauser.Result forced = answer.get();
        if (forced != null) {
            return forced;
        }
        return status.compareAndSet("RUNNING", "PAUSED") ? ConfigServicePauser.Result.PAUSED
                : ConfigServicePauser.Result.ALREADY_NOT_RUNNING;
    }

    /** An instance whose stream shows experiment "exp", phase 2, opted in, running, with SRM flagged on coverage. */
    private AutoPause instance(String name, AutoPause.Pauser pauser) {
        ExperimentConfig exp = new ExperimentConfig("exp", "SESSION", "RUNNING", "control", 2,
                Map.of(2, Map.of("control", 5000, "treatment", 5000)), "conversion", List.of(), 4, 9, true);
        ConfigSnapshot config = new ConfigSnapshot(Catalog.EMPTY, Map.of("exp", exp), 0);
        Map<String, Long> units = Map.of("control", 3000L, "treatment", 1000L);
        AnalysisResult flagged = new Analyzer().analyze(new AnalysisRequest("control", 0.05,
                Map.of("control", 5000, "treatment", 5000), units, units, List.of(), null));
        assertThat(flagged.srmCoverage().flagged()).isTrue();
        return new AutoPause(true, () -> config, id -> Optional.of(flagged), new GuardrailPolicy(Set.of()), pauser,
                new PauseMemory(jdbc), name, Duration.ofMinutes(2), Duration.ofDays(400));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
