package dev.ep.reporting.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.BuiltInMetric;
import dev.ep.reporting.attribution.CustomMetric;
import dev.ep.reporting.attribution.ExperimentRules;
import dev.ep.reporting.attribution.Metric;
import dev.ep.reporting.attribution.MetricSums;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    static final AggregateKey CONTROL_UNITS = new AggregateKey(AggregateKey.Kind.COVERAGE_UNITS, 1, "control", null);
    static final AggregateKey CONTROL_REVENUE =
            new AggregateKey(AggregateKey.Kind.METRIC, 1, "control", "revenue_per_session");

    @Test
    void shouldMatchWhenEveryFigureIsEqualAndMissingSideIsZero() {
        Map<AggregateKey, Figures> stream = Map.of(CONTROL_UNITS, Figures.units(2), CONTROL_REVENUE, sums(2, 10));
        Map<AggregateKey, Figures> ingest = Map.of(CONTROL_UNITS, Figures.units(2), CONTROL_REVENUE, sums(2, 10),
                new AggregateKey(AggregateKey.Kind.ASSIGNMENT_UNITS, 1, "treatment", null), Figures.units(0));

        List<Reconciler.Line> lines = Reconciler.compare(stream, ingest);

        assertThat(lines).hasSize(3).allMatch(l -> l.verdict() == Reconciler.Verdict.MATCH);
    }

    @Test
    void shouldFlagEachAggregateThatDiffersByOneInAnySum() {
        Figures one = new Figures(2, BigInteger.TEN, BigInteger.valueOf(100), BigInteger.ONE, BigInteger.ONE,
                BigInteger.TEN);
        Figures offInXy = new Figures(2, BigInteger.TEN, BigInteger.valueOf(100), BigInteger.ONE, BigInteger.ONE,
                BigInteger.valueOf(11));

        List<Reconciler.Line> lines = Reconciler.compare(Map.of(CONTROL_REVENUE, one, CONTROL_UNITS,
                Figures.units(3)), Map.of(CONTROL_REVENUE, offInXy));

        assertThat(lines).extracting(Reconciler.Line::verdict)
                .containsExactly(Reconciler.Verdict.MISMATCH, Reconciler.Verdict.MISMATCH);
    }

    @Test
    void shouldPublishExposedUnitsAsNOfEveryMetricLikeResultsEndpoint() {
        ArmTotals arm = new ArmTotals(new ArmKey("checkout", 1, "control"), 3, 4,
                Map.of("conversion", new MetricSums(1, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO,
                        BigInteger.ZERO, BigInteger.ZERO)), 10, 1, 1);

        Map<AggregateKey, Figures> figures = ReconciliationService.streamAggregates(List.of(arm),
                List.of(BuiltInMetric.CONVERSION, BuiltInMetric.PAGE_VIEWS_PER_SESSION));

        assertThat(figures.get(new AggregateKey(AggregateKey.Kind.METRIC, 1, "control", "conversion")).n())
                .isEqualTo(3);
        assertThat(figures.get(new AggregateKey(AggregateKey.Kind.METRIC, 1, "control", "page_views_per_session")))
                .isEqualTo(Figures.units(3));
        assertThat(figures.get(new AggregateKey(AggregateKey.Kind.ASSIGNMENT_UNITS, 1, "control", null)).n())
                .isEqualTo(4);
    }

    @Test
    void shouldTurnEachPlaceholderOnceIntoJdbcParameter() {
        String jdbc = IngestQuery.jdbcSql(IngestQuery.sqlText());

        assertThat(jdbc).doesNotContain("$1", "$2", "$3", "$4");
        assertThat(jdbc.chars().filter(c -> c == '?').count()).isEqualTo(4);
        assertThatThrownBy(() -> IngestQuery.jdbcSql("SELECT $1, $1, $2, $3, $4"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldDescribePhasesStopAndEveryMetricForSql() {
        ExperimentRules rules = new ExperimentRules("checkout", List.of(
                new ExperimentRules.PhaseStart(1, 0, List.of()),
                new ExperimentRules.PhaseStart(2, 60_000, List.of(new ExperimentRules.SlotRange(0, 3000)))),
                120_000L);
        List<Metric> metrics = List.of(BuiltInMetric.AVERAGE_ORDER_VALUE,
                new CustomMetric("signups", "sign\"up", CustomMetric.Aggregation.SUM));

        String json = IngestRules.json(rules, metrics, new AttributionSettings(1_000, 0, 1_000, 7, 28));

        assertThat(json).isEqualTo("{\"phases\":[{\"number\":1,\"startedAt\":\"1970-01-01T00:00:00Z\","
                + "\"changedSlots\":[]},{\"number\":2,\"startedAt\":\"1970-01-01T00:01:00Z\",\"changedSlots\":"
                + "[[0,3000]]}],\"stoppedAt\":\"1970-01-01T00:02:00Z\",\"cuped\":{\"prePeriodDays\":7,"
                + "\"historyDays\":28,\"customNamesPerDay\":16},\"metrics\":[{\"metric\":\"average_order_value\","
                + "\"eventType\":\"ORDER\",\"eventName\":null,\"aggregation\":\"RATIO\"},{\"metric\":\"signups\","
                + "\"eventType\":\"CUSTOM\",\"eventName\":\"sign\\\"up\",\"aggregation\":\"SUM\"}]}");
    }

    private static Figures sums(long n, long sumY) {
        BigInteger y = BigInteger.valueOf(sumY);
        return new Figures(n, y, y.multiply(y), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    }
}
