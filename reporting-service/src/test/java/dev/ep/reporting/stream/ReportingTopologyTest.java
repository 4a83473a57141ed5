package dev.ep.reporting.stream;

import dev.ep.schemas.failure.DeadLetterHeaders;

import static dev.ep.reporting.stream.Events.custom;
import static dev.ep.reporting.stream.Events.decision;
import static dev.ep.reporting.stream.Events.event;
import static dev.ep.reporting.stream.Events.order;
import static dev.ep.reporting.stream.Events.sessionCoverage;
import static dev.ep.reporting.stream.TopologyHarness.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.MetricAggregation;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.Attribution;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportingTopologyTest {

    final TopologyHarness harness;

    ReportingTopologyTest() throws Exception {
        harness = new TopologyHarness();
        harness.send(TOPICS.config(), Events.experiment("exp", UnitType.SESSION, null));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldAggregateExposedUnitsAndTheirOrdersPerArm() {
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", "s1", 0));
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "treatment", "s2", 10));
        harness.send(TOPICS.events(), order("e1", "s1", null, 1_000, "o1", 20));
        harness.send(TOPICS.events(), order("e2", "s2", null, 2_500, "o2", 30));
        harness.send(TOPICS.events(), order("e3", "s2", null, 500, "o3", 40));

        assertThat(harness.arm("exp", 1, "control").exposed()).isEqualTo(1);
        assertThat(harness.sumY("exp", 1, "control", "revenue_per_session")).isEqualTo(1_000);
        assertThat(harness.sumY("exp", 1, "treatment", "revenue_per_session")).isEqualTo(3_000);
        assertThat(harness.arm("exp", 1, "treatment").metrics().get("revenue_per_session").sumY2())
                .hasToString("9000000");
        assertThat(harness.arm("exp", 1, "treatment").metrics().get("average_order_value").sumX())
                .hasToString("2");
        assertThat(harness.arm("exp", 1, "treatment").currentTo()).isEqualTo(Events.at(40).toEpochMilli());
    }

    @Test
    void shouldCountEventIdAndOrderIdOnce() {
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", "s1", 0));
        harness.send(TOPICS.events(), order("e1", "s1", null, 1_000, "o1", 20));
        harness.send(TOPICS.events(), order("e1", "s1", null, 1_000, "o1", 25));
        harness.send(TOPICS.events(), order("e2", "s1", null, 1_000, "o1", 30));

        assertThat(harness.sumY("exp", 1, "control", "revenue_per_session")).isEqualTo(1_000);
        assertThat(harness.counters.get(Attribution.Outcome.DUPLICATE)).isEqualTo(2);
    }

    @Test
    void shouldAttributeUserExperimentAcrossSessions() {
        harness.send(TOPICS.config(), Events.experiment("users", UnitType.USER, null));
        harness.send(TOPICS.coverage(), Events.coverage("users", 1, "treatment", UnitType.USER, "u1", "s1", 100, 0));
        harness.send(TOPICS.events(), order("e1", "s2", "u1", 700, "o1", 50));

        assertThat(harness.arm("users", 1, "treatment").exposed()).isEqualTo(1);
        assertThat(harness.sumY("users", 1, "treatment", "revenue_per_session")).isEqualTo(700);
    }

    @Test
    void shouldTakeUserExperimentCovariateFromPrePeriodBeforeStartDay() {
        // given: "users" starts at T0 (2026-11-30T08:00Z): its pre-period (P = 14 days) is 2026-11-16 .. 2026-11-29
        long day = 86_400_000L;
        harness.send(TOPICS.config(), Events.experiment("users", UnitType.USER, null));
        harness.send(TOPICS.events(), event("too-old", TrackingType.PAGE_VIEW, "s0", "u1", -20 * day));
        harness.send(TOPICS.events(), event("pre", TrackingType.PAGE_VIEW, "s1", "u1", -10 * day));
        harness.send(TOPICS.events(), order("pre-order", "s1", "u1", 900, "o0", -10 * day + 1));
        harness.send(TOPICS.events(), event("start-day", TrackingType.PAGE_VIEW, "s2", "u1", -60_000));
        harness.send(TOPICS.coverage(), Events.coverage("users", 1, "treatment", UnitType.USER, "u1", "s2", 100, 0));
        harness.send(TOPICS.events(), event("in", TrackingType.PAGE_VIEW, "s3", "u1", 1_000));
        harness.send(TOPICS.coverage(), Events.coverage("users", 1, "control", UnitType.USER, "u2", "s4", 100, 2_000));

        // then: u1's x is its pre-period only; u2 (no history) has x = 0
        var treatment = harness.arm("users", 1, "treatment").metrics();
        assertThat(treatment.get("page_views_per_session").sumX()).hasToString("1");
        assertThat(treatment.get("page_views_per_session").sumY()).hasToString("1");
        assertThat(treatment.get("revenue_per_session").sumX()).hasToString("900");
        assertThat(treatment.get("conversion").sumX()).hasToString("1");
        assertThat(harness.arm("users", 1, "control").exposed()).isEqualTo(1);
        assertThat(harness.arm("users", 1, "control").metrics().get("page_views_per_session").sumX()).hasToString("0");
    }

    @Test
    void shouldStopCountingCarryOverUnitWhenNewPhaseMovesItsSlot() {
        long change = 1_000;
        harness.send(TOPICS.config(), Events.experiment("exp", UnitType.SESSION, change));
        harness.send(TOPICS.coverage(), Events.coverage("exp", 1, "control", UnitType.SESSION, "moved", "moved",
                100, 0));
        harness.send(TOPICS.coverage(), Events.coverage("exp", 1, "treatment", UnitType.SESSION, "kept", "kept",
                9_000, 0));
        harness.send(TOPICS.events(), event("m1", TrackingType.PAGE_VIEW, "moved", null, change - 1));
        harness.send(TOPICS.events(), event("m2", TrackingType.PAGE_VIEW, "moved", null, change + 1));
        harness.send(TOPICS.events(), event("k1", TrackingType.PAGE_VIEW, "kept", null, change + 1));
        harness.send(TOPICS.coverage(), Events.coverage("exp", 2, "treatment", UnitType.SESSION, "moved", "moved",
                100, change + 2));

        assertThat(harness.sumY("exp", 1, "control", "page_views_per_session")).isEqualTo(1);
        assertThat(harness.sumY("exp", 1, "treatment", "page_views_per_session")).isEqualTo(1);
        assertThat(harness.arm("exp", 2, "treatment").exposed()).isZero();
    }

    @Test
    void shouldLeaveForcedAndHeldOutUnitsOutAndCountAssignments() {
        harness.send(TOPICS.coverage(), Events.forced(sessionCoverage("exp", "control", "qa", 0)));
        harness.send(TOPICS.assignments(), decision("qa", "exp", "control", true, null, 0));
        harness.send(TOPICS.assignments(), decision("s1", "exp", "control", false, false, 0));
        harness.send(TOPICS.assignments(), decision("h1", null, null, false, true, 0));
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", "h1", 5));
        harness.send(TOPICS.events(), event("v1", TrackingType.PAGE_VIEW, "h1", null, 10));

        assertThat(harness.arm("exp", 1, "control").exposed()).isZero();
        assertThat(harness.arm("exp", 1, "control").assigned()).isEqualTo(1);
        assertThat(harness.arm(Attribution.HOLDOUT, 0, Attribution.HELD_OUT).exposed()).isEqualTo(1);
        assertThat(harness.sumY(Attribution.HOLDOUT, 0, Attribution.HELD_OUT, "page_views_per_session"))
                .isEqualTo(1);
        assertThat(harness.arm(Attribution.HOLDOUT, 0, Attribution.NOT_HELD_OUT).assigned()).isEqualTo(1);
    }

    @Test
    void shouldComputeCustomMetricFromCatalogue() {
        harness.send(TOPICS.config(), Events.customMetric("signups", "signup", MetricAggregation.OCCURRED));
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", "s1", 0));
        harness.send(TOPICS.events(), custom("c1", "signup", "s1", 10));
        harness.send(TOPICS.events(), custom("c2", "signup", "s1", 20));

        assertThat(harness.sumY("exp", 1, "control", "signups")).isEqualTo(1);
    }

    @Test
    void shouldReadEachMetricsTau2AndHarmDirectionFromTheCatalogueAndKeepBuiltInRecordsOutOfCustomMetrics() {
        // (the harness sends every record under one key, so each record replaces the previous one)
        harness.send(TOPICS.config(), Events.metricSettings("errors", "error", MetricAggregation.COUNT, 0.04,
                dev.ep.events.v1.HarmDirection.INCREASE_IS_HARM));
        assertThat(harness.config.get().metricSettings("errors")).isEqualTo(
                new MetricSettings(0.04, MetricSettings.HarmDirection.INCREASE_IS_HARM));
        assertThat(harness.config.get().catalog().customMetrics()).extracting(m -> m.metricName())
                .containsExactly("errors");

        harness.send(TOPICS.config(), Events.metricSettings("conversion", null, null, 2.5e-5,
                dev.ep.events.v1.HarmDirection.DECREASE_IS_HARM));
        assertThat(harness.config.get().metricSettings("conversion")).isEqualTo(
                new MetricSettings(2.5e-5, MetricSettings.HarmDirection.DECREASE_IS_HARM));
        assertThat(harness.config.get().catalog().customMetrics()).as("a built-in record is no custom metric")
                .isEmpty();

        harness.send(TOPICS.config(), Events.customMetric("signups", "signup", MetricAggregation.OCCURRED));
        assertThat(harness.config.get().metricSettings("signups")).as("a record written before the settings")
                .isEqualTo(MetricSettings.NONE);
    }

    @Test
    void shouldDeadLetterPoisonOnEveryInputWithReasonAndOrigin() {
        byte[] notConfluent = "{\"json\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownId = {0, 0, 0, 0x7f, 0x7f, 1, 2};
        byte[] known = harness.bytes(TOPICS.coverage(), sessionCoverage("exp", "control", "s1", 0));
        byte[] truncated = Arrays.copyOf(known, 8);
        for (String topic : List.of(TOPICS.coverage(), TOPICS.events(), TOPICS.assignments())) {
            harness.sendRaw(topic, notConfluent);
            harness.sendRaw(topic, unknownId);
            harness.sendRaw(topic, truncated);
        }

        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(9);
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .containsOnly(TOPICS.coverage(), TOPICS.events(), TOPICS.assignments());
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.REASON)).containsOnly("decode");
        assertThat(dead.get(0).value()).isEqualTo(notConfluent);
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("0");
        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.CONSUMER)).doesNotContainNull();
        assertThat(harness.results()).isEmpty();
    }

    @Test
    void shouldDeadLetterUnreadableRecordsOfTheInternalTopicsAndGoOn() {
        byte[] unknownFormat = {0x7f, 1, 2, 3};
        byte[] cut = {1};
        harness.sendRaw("ep-reporting-user-units-repartition", unknownFormat);
        harness.sendRaw("ep-reporting-session-arms-repartition", cut);
        harness.sendRaw("ep-reporting-user-arms-repartition", cut);
        // the bridge topics between the decisions' and the exposures' applications
        ReportingTopology.Bridge bridge = ReportingTopology.Bridge.of("ep-reporting");
        for (String topic : bridge.all()) {
            harness.sendRaw(topic, cut);
        }
        assertThat(harness.globalDeadLetters).extracting(d -> header(d.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .endsWith(bridge.all().toArray(String[]::new));
        harness.globalDeadLetters.subList(3, harness.globalDeadLetters.size()).clear();

        assertThat(harness.globalDeadLetters).hasSize(3);
        assertThat(harness.globalDeadLetters.get(0).value()).isEqualTo(unknownFormat);
        assertThat(harness.globalDeadLetters).extracting(d -> header(d.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .containsExactly("ep-reporting-user-units-repartition", "ep-reporting-session-arms-repartition",
                        "ep-reporting-user-arms-repartition");
        assertThat(harness.globalDeadLetters).extracting(d -> header(d.headers(), DeadLetterHeaders.REASON))
                .containsOnly("decode");
        assertThat(harness.globalDeadLetters).extracting(d -> header(d.headers(), DeadLetterHeaders.CONSUMER))
                .containsOnly("ep-reporting");
        // and the stream goes on past them
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", "s1", 0));
        assertThat(harness.arm("exp", 1, "control").exposed()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterCoverageWithoutUnitAsValidation() {
        harness.send(TOPICS.coverage(), Events.coverage("exp", 1, "control", UnitType.UNKNOWN, "", "s1", 1, 0));

        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("validation");
    }

    @Test
    void shouldDeadLetterPoisonConfigRecordAndKeepPreviousConfig() {
        harness.sendRaw(TOPICS.config(), new byte[] {0, 0, 0, 0, 9});

        assertThat(harness.globalDeadLetters).hasSize(1);
        assertThat(header(harness.globalDeadLetters.get(0).headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                .isEqualTo(TOPICS.config());
        assertThat(harness.config.get().experiment("exp")).isPresent();
    }

    @Test
    void shouldFailWithoutSkippingOrDeadLetteringWhenRegistryIsDown() {
        byte[] coverage = harness.bytes(TOPICS.coverage(), sessionCoverage("exp", "control", "s9", 0));
        harness.registry.down(true);

        assertThatThrownBy(() -> harness.sendRaw(TOPICS.coverage(), coverage))
                .satisfies(e -> assertThat(causes(e)).anyMatch(RegistryUnavailable.class::isInstance));
        assertThat(harness.deadLetters.isEmpty()).isTrue();

        harness.registry.down(false);
        harness.sendRaw(TOPICS.coverage(), coverage);
        assertThat(harness.arm("exp", 1, "control").exposed()).isEqualTo(1);
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
