package dev.ep.reporting.reconcile;

import static dev.ep.reporting.stream.Events.coverage;
import static dev.ep.reporting.stream.Events.decision;
import static dev.ep.reporting.stream.Events.event;
import static dev.ep.reporting.stream.Events.forced;
import static dev.ep.reporting.stream.Events.order;
import static dev.ep.reporting.stream.Events.sessionCoverage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.MetricAggregation;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.EventProducer;
import dev.ep.reporting.ReportingInstance;
import dev.ep.reporting.ReportingInstance.Deployment;
import dev.ep.reporting.stream.Events;
import dev.ep.testsupport.ServiceInstance;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "The reports match": the real event-ingest loads the same topics the real stream reads, and the reconciliation
 * SQL over event-ingest's tables equals every aggregate of the stream exactly (and says so when it does not).
 */
class ReconciliationIT {

    static final Duration WAIT = Duration.ofSeconds(180);

    @Test
    void shouldMatchEveryAggregateExactlyAfterMixedEventStream() throws Exception {
        Database db = TestPlatform.postgres().newDatabase("event_ingest");
        Deployment d = Deployment.unique();
        try (EventProducer producer = new EventProducer();
             ServiceInstance ingest = RealEventIngest.start(d, db);
             ReportingInstance reporting = start(d, db)) {
            sendMixedStream(producer, d);

            JsonNode checkout = awaitMatch(reporting, "checkout");
            assertThat(figure(checkout, "COVERAGE_UNITS", "control", null).get("stream").get("n").asLong())
                    .as("s1, s2, s6; the retried coverage of s1 once").isEqualTo(3);
            assertThat(figure(checkout, "COVERAGE_UNITS", "treatment", null).get("stream").get("n").asLong())
                    .as("s3 only: s4 forced later, qa forced, h1 held out").isEqualTo(1);
            assertThat(figure(checkout, "ASSIGNMENT_UNITS", "treatment", null).get("stream").get("n").asLong()).isEqualTo(2);
            assertThat(figure(checkout, "METRIC", "control", "revenue_per_session").get("stream").get("sumY").asLong())
                    .as("e1 once (duplicate event id), o2 once (resent with a new event id)").isEqualTo(1_500);
            assertThat(figure(checkout, "METRIC", "treatment", "revenue_per_session").get("stream").get("sumY").asLong())
                    .as("the order that arrived before its coverage counts").isEqualTo(4_000);
            assertThat(figure(checkout, "METRIC", "control", "page_views_per_session").get("stream").get("sumX").asLong())
                    .as("s2's page view before its exposure is the CUPED covariate").isEqualTo(1);
            assertThat(figure(checkout, "METRIC", "treatment", "signups").get("stream").get("sumY").asLong()).isEqualTo(1);

            JsonNode member = awaitMatch(reporting, "member");
            assertThat(figure(member, "METRIC", "control", "revenue_per_session").get("stream").get("sumY").asLong())
                    .as("u1's order from another session").isEqualTo(700);
            assertThat(figure(member, "METRIC", "treatment", "page_views_per_session").get("stream").get("sumY").asLong())
                    .isEqualTo(1);
            assertThat(figure(member, "METRIC", "control", "page_views_per_session").get("stream").get("sumX").asLong())
                    .as("CUPED: u1's page view in the 14 days before the start day, not the older one or the one on"
                            + " the start day").isEqualTo(1);
            assertThat(figure(member, "METRIC", "control", "revenue_per_session").get("stream").get("sumX2").asLong())
                    .as("u1's pre-period order").isEqualTo(300L * 300L);
            assertThat(figure(member, "METRIC", "treatment", "signups").get("stream").get("sumX").asLong())
                    .as("u2's pre-period signup").isEqualTo(1);

            JsonNode holdout = awaitMatch(reporting, "_holdout");
            assertThat(figure(holdout, "COVERAGE_UNITS", "held-out", null).get("stream").get("n").asLong())
                    .as("h1").isEqualTo(1);
            assertThat(figure(holdout, "COVERAGE_UNITS", "not-held-out", null).get("stream").get("n").asLong())
                    .as("s1, s3, s5, qa: intent-to-treat on decisions, forced or not").isEqualTo(4);
            assertThat(figure(holdout, "ASSIGNMENT_UNITS", "not-held-out", null).get("stream").get("n").asLong())
                    .isEqualTo(4);
            assertThat(figure(holdout, "METRIC", "held-out", "revenue_per_session").get("stream").get("sumY").asLong())
                    .isEqualTo(900);
            assertThat(figure(holdout, "METRIC", "not-held-out", "revenue_per_session").get("stream").get("sumY")
                    .asLong()).as("s1 1000, s3 4000, qa 900").isEqualTo(5_900);

            // and: the scheduled job (every second here) recorded a matching run of each running experiment
            awaitLatest(reporting, "checkout", "MATCH", Instant.EPOCH);
            JsonNode latest = awaitLatest(reporting, "member", "MATCH", Instant.EPOCH);
            assertThat(latest.get("mismatches").asLong()).isZero();
            assertThat(latest.get("aggregates").asLong()).isPositive();
        }
    }

    @Test
    void shouldReportMismatchWhenIngestTableLacksRow() throws Exception {
        Database db = TestPlatform.postgres().newDatabase("event_ingest");
        Deployment d = Deployment.unique();
        try (EventProducer producer = new EventProducer();
             ServiceInstance ingest = RealEventIngest.start(d, db);
             ReportingInstance reporting = start(d, db)) {
            sendMixedStream(producer, d);
            awaitMatch(reporting, "checkout");

            Instant deleted = Instant.now();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                 PreparedStatement delete = c.prepareStatement("DELETE FROM tracking_events WHERE event_id = 'e3'")) {
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }

            JsonNode body = reconcile(reporting, "checkout");
            assertThat(body.get("status").asString()).isEqualTo("MISMATCH");
            List<String> differing = new ArrayList<>();
            for (JsonNode a : body.get("aggregates")) {
                if (a.get("verdict").asString().equals("MISMATCH")) {
                    differing.add(a.get("treatment").asString() + "/" + a.get("metric").asString());
                }
            }
            assertThat(differing).containsExactlyInAnyOrder("treatment/conversion", "treatment/revenue_per_session",
                    "treatment/average_order_value");
            JsonNode revenue = figure(body, "METRIC", "treatment", "revenue_per_session");
            assertThat(revenue.get("stream").get("sumY").asLong()).isEqualTo(4_000);
            assertThat(revenue.get("ingest").get("sumY").asLong()).isEqualTo(0);
            assertThat(body.get("mismatches").asLong()).isEqualTo(3);

            // and: the scheduled job finds it too (a run started after the deletion)
            JsonNode latest = awaitLatest(reporting, "checkout", "MISMATCH", deleted);
            assertThat(latest.get("mismatches").asLong()).isEqualTo(3);
        }
    }

    /** The latest scheduled run, once it has this outcome and started after {@code after}. */
    private static JsonNode awaitLatest(ReportingInstance reporting, String experiment, String outcome, Instant after) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            last[0] = reporting.http().get().uri("/v1/experiments/{id}/reconciliation/latest", experiment).retrieve()
                    .body(JsonNode.class);
            assertThat(Instant.parse(last[0].get("startedAt").asString())).isAfter(after);
            assertThat(last[0].get("outcome").asString()).as(last[0].toString()).isEqualTo(outcome);
        });
        return last[0];
    }

    private static ReportingInstance start(Deployment d, Database db) throws Exception {
        // Stream time is the brokers' wall clock, the events' times are fixed (Events.T0): a window of 400 days keeps
        // the pre-period events (T0 - 20 days) from being late input, whatever the day the test runs.
        return ReportingInstance.start(d, Files.createTempDirectory("ep-reporting-state"), Map.of(
                "ep.reporting.attribution.window", "400d",
                "ep.reporting.attribution.memory", "800d",
                "ep.reporting.ingest.url", db.jdbcUrl(),
                "ep.reporting.ingest.username", db.username(),
                "ep.reporting.ingest.password", db.password(),
                "ep.reporting.reconcile.interval", "1s",
                "ep.reporting.reconcile.initial-delay", "0s"));
    }

    /**
     * Duplicates, a retried coverage, tracking before coverage, an order resent with a new event id, a forced unit,
     * a unit forced later, a held-out unit, a decision without coverage, a custom metric, a pre-exposure event, and a
     * USER experiment whose units order from other sessions and have events before and in its CUPED pre-period (the
     * 14 days before its start day); the decisions also name holdout units (the holdout's comparison).
     */
    private static void sendMixedStream(EventProducer p, Deployment d) {
        p.send(d.config(), "experiment:checkout", Events.experiment("checkout", UnitType.SESSION, null));
        p.send(d.config(), "experiment:member", Events.experiment("member", UnitType.USER, null));
        p.send(d.config(), "metric:signups", Events.customMetric("signups", "signup", MetricAggregation.OCCURRED));

        p.send(d.events(), "s3", order("e3", "s3", null, 4_000, "o3", 400));
        p.send(d.events(), "s2", event("pv2", TrackingType.PAGE_VIEW, "s2", null, 5));
        p.send(d.coverage(), "s1", sessionCoverage("checkout", "control", "s1", 0));
        p.send(d.coverage(), "s1", sessionCoverage("checkout", "control", "s1", 50));
        p.send(d.coverage(), "s2", sessionCoverage("checkout", "control", "s2", 100));
        p.send(d.coverage(), "s3", sessionCoverage("checkout", "treatment", "s3", 300));
        p.send(d.coverage(), "s4", sessionCoverage("checkout", "treatment", "s4", 0));
        p.send(d.coverage(), "s6", sessionCoverage("checkout", "control", "s6", 20));
        p.send(d.coverage(), "qa", forced(sessionCoverage("checkout", "treatment", "qa", 0)));
        p.send(d.assignments(), "h1", decision("h1", null, null, false, true, 0));
        p.send(d.coverage(), "h1", sessionCoverage("checkout", "treatment", "h1", 10));

        p.send(d.events(), "s1", order("e1", "s1", null, 1_000, "o1", 10));
        p.send(d.events(), "s1", order("e1", "s1", null, 1_000, "o1", 10));
        p.send(d.events(), "s1", event("a1", TrackingType.ADD_TO_CART, "s1", null, 15));
        p.send(d.events(), "s1", event("pv1", TrackingType.PAGE_VIEW, "s1", null, 20));
        p.send(d.events(), "s2", order("e2", "s2", null, 500, "o2", 200));
        p.send(d.events(), "s2", order("e2-resent", "s2", null, 500, "o2", 300));
        p.send(d.events(), "s3", Events.custom("c3", "signup", "s3", 350));
        p.send(d.coverage(), "s4", forced(sessionCoverage("checkout", "treatment", "s4", 500)));
        p.send(d.events(), "s4", order("e4", "s4", null, 900, "o4", 600));
        p.send(d.events(), "qa", order("eq", "qa", null, 900, "oq", 30));
        p.send(d.events(), "h1", order("eh", "h1", null, 900, "oh", 40));

        p.send(d.assignments(), "s1", decision("s1", "checkout", "control", false, false, 0));
        p.send(d.assignments(), "s3", decision("s3", "checkout", "treatment", false, false, 290));
        p.send(d.assignments(), "s5", decision("s5", "checkout", "treatment", false, false, 310));
        p.send(d.assignments(), "qa", decision("qa", "checkout", "treatment", true, false, 0));

        p.send(d.coverage(), "s7", coverage("member", 1, "control", UnitType.USER, "u1", "s7", 100, 0));
        p.send(d.events(), "s8", order("m1", "s8", "u1", 700, "om1", 100));
        p.send(d.coverage(), "s9", coverage("member", 1, "treatment", UnitType.USER, "u2", "s9", 6_000, 0));
        p.send(d.events(), "s10", event("mv2", TrackingType.PAGE_VIEW, "s10", "u2", 60));
        long day = Duration.ofDays(1).toMillis();
        p.send(d.events(), "s11", event("mold", TrackingType.PAGE_VIEW, "s11", "u1", -20 * day));
        p.send(d.events(), "s11", event("mpre1", TrackingType.PAGE_VIEW, "s11", "u1", -10 * day));
        p.send(d.events(), "s11", event("mpre1", TrackingType.PAGE_VIEW, "s11", "u1", -10 * day));
        p.send(d.events(), "s11", order("mpre2", "s11", "u1", 300, "omp", -5 * day));
        p.send(d.events(), "s11", event("mstart", TrackingType.PAGE_VIEW, "s11", "u1", -60_000));
        p.send(d.events(), "s12", TrackingEvent.newBuilder(event("mpre3", TrackingType.CUSTOM, "s12", "u2", -3 * day))
                .setName("signup").build());
    }

    private static JsonNode awaitMatch(ReportingInstance reporting, String experiment) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            last[0] = reconcile(reporting, experiment);
            assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo("MATCH");
            assertThat(last[0].get("mismatches").asLong()).isZero();
        });
        return last[0];
    }

    private static JsonNode reconcile(ReportingInstance reporting, String experiment) {
        return reporting.http().get().uri("/v1/experiments/{id}/reconciliation", experiment).retrieve()
                .body(JsonNode.class);
    }

    /** One aggregate of the answer, both sides. */
    private static JsonNode figure(JsonNode body, String kind, String treatment, String metric) {
        for (JsonNode a : body.get("aggregates")) {
            if (a.get("aggregate").asString().equals(kind) && a.get("treatment").asString().equals(treatment)
                    && (metric == null || metric.equals(a.get("metric").asString()))) {
                return a;
            }
        }
        throw new AssertionError("no " + kind + " " + treatment + " " + metric + " in " + body);
    }
}
