package dev.ep.reporting.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.Attribution.Outcome;
import dev.ep.reporting.attribution.Attribution.Step;
import dev.ep.reporting.attribution.ExperimentRules.PhaseStart;
import dev.ep.reporting.attribution.ExperimentRules.SlotRange;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributionTest {

    static final long WINDOW = 1_000;
    static final long GRACE = 100;
    static final long MEMORY = 5_000;
    final Attribution attribution = new Attribution(new AttributionSettings(WINDOW, GRACE, MEMORY));

    /** Phase 1 from 0; phase 2 from 500 moved slots [0, 100). */
    Catalog catalog = new Catalog(Map.of("exp", new ExperimentRules("exp", List.of(
            new PhaseStart(1, 0, List.of()),
            new PhaseStart(2, 500, List.of(new SlotRange(0, 100)))), null)),
            List.of(new CustomMetric("signups", "signup", CustomMetric.Aggregation.COUNT)));

    /** Runs the inputs in order (stream time = each input's time) and sums the arm deltas. */
    final class Unit {
        final UnitKind kind;
        UnitState state;
        final Map<ArmKey, ArmTotals> totals = new HashMap<>();
        Outcome last;

        Unit() {
            this(UnitKind.SESSION);
        }

        Unit(UnitKind kind) {
            this.kind = kind;
            this.state = UnitState.empty(kind);
        }

        Unit feed(UnitInput... inputs) {
            for (UnitInput input : inputs) {
                record(attribution.apply(state, input, catalog, input.time()));
            }
            return this;
        }

        Unit advance(long streamTime) {
            record(attribution.expire(state, catalog, streamTime));
            return this;
        }

        private void record(Step step) {
            state = step.next() == null ? UnitState.empty(kind) : step.next();
            last = step.outcome();
            for (ArmDelta d : step.deltas()) {
                totals.merge(d.arm(), ArmTotals.empty(d.arm()).apply(d), (a, b) -> a.apply(d));
            }
        }

        ArmTotals arm(String experiment, int phase, String treatment) {
            return totals.getOrDefault(new ArmKey(experiment, phase, treatment),
                    ArmTotals.empty(new ArmKey(experiment, phase, treatment)));
        }

        long y(String experiment, int phase, String treatment, String metric) {
            return sums(experiment, phase, treatment, metric).sumY().longValue();
        }

        long x(String experiment, int phase, String treatment, String metric) {
            return sums(experiment, phase, treatment, metric).sumX().longValue();
        }

        MetricSums sums(String experiment, int phase, String treatment, String metric) {
            return arm(experiment, phase, treatment).metrics().getOrDefault(metric, MetricSums.ZERO);
        }
    }

    static Coverage cover(int phase, String treatment, int slot, long time) {
        return new Coverage("exp", phase, treatment, slot, time, false, 7);
    }

    static Activity order(String id, long time, long value, String orderId) {
        return new Activity(id, time, ActivityType.ORDER, null, value, orderId);
    }

    static Activity view(String id, long time) {
        return new Activity(id, time, ActivityType.PAGE_VIEW, null, 0, null);
    }

    @Test
    void shouldCountEventsReceivedAtOrAfterFirstExposureWithinWindow() {
        Unit unit = new Unit().feed(view("before", 90), cover(1, "a", 200, 100), view("at", 100),
                view("in", 1_099), view("after-window", 1_100));

        assertThat(unit.y("exp", 1, "a", "page_views_per_session")).isEqualTo(2);
        assertThat(unit.arm("exp", 1, "a").exposed()).isEqualTo(1);
        MetricSums views = unit.arm("exp", 1, "a").metrics().get("page_views_per_session");
        assertThat(views.sumX()).as("CUPED covariate: the same metric before exposure").isEqualTo(BigInteger.ONE);
        assertThat(views.sumXY()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void shouldAttributeEventThatArrivesBeforeItsCoverageWhenReceivedAfterIt() {
        Unit unit = new Unit().feed(order("o", 150, 500, "order-1"), new Coverage("exp", 1, "a", 200, 120, false, 7));

        assertThat(unit.y("exp", 1, "a", "revenue_per_session")).isEqualTo(500);
        assertThat(unit.y("exp", 1, "a", "conversion")).isEqualTo(1);
    }

    @Test
    void shouldBeCurrentToTheWaitingEventWhenItsLateCoverageReleasesIt() {
        // given: an order received at 300 that arrives before its coverage (exposure at 100), applied at stream time 250
        Unit unit = new Unit();
        unit.record(attribution.apply(unit.state, order("o", 300, 700, "o-1"), catalog, 300));
        unit.record(attribution.apply(unit.state, cover(1, "a", 200, 100), catalog, 250));

        // then: the arm counts the order, and its freshness says so (a cut-off at the coverage would miss the order)
        assertThat(unit.y("exp", 1, "a", "revenue_per_session")).isEqualTo(700);
        assertThat(unit.arm("exp", 1, "a").currentTo()).isEqualTo(300);
    }

    @Test
    void shouldCountNothingForDecisionWithoutCoverage() {
        Unit unit = new Unit().feed(new Decision(100, 7, List.of(new Decision.Assigned("exp", 1, "a", false)), null),
                view("v", 110));

        assertThat(unit.arm("exp", 1, "a").exposed()).isZero();
        assertThat(unit.arm("exp", 1, "a").assigned()).isEqualTo(1);
        assertThat(unit.arm("exp", 1, "a").metrics()).isEmpty();
    }

    @Test
    void shouldCountFirstDecisionOnceAndNeverForcedOnes() {
        Unit unit = new Unit().feed(
                new Decision(100, 7, List.of(new Decision.Assigned("exp", 1, "a", false)), null),
                new Decision(200, 7, List.of(new Decision.Assigned("exp", 1, "a", false)), null),
                new Decision(300, 7, List.of(new Decision.Assigned("other", 1, "b", true)), null));

        assertThat(unit.arm("exp", 1, "a").assigned()).isEqualTo(1);
        assertThat(unit.arm("other", 1, "b").assigned()).isZero();
    }

    @Test
    void shouldCountDuplicateEventIdOnce() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), view("v", 110), view("v", 120));

        assertThat(unit.last).isEqualTo(Outcome.DUPLICATE);
        assertThat(unit.y("exp", 1, "a", "page_views_per_session")).isEqualTo(1);
    }

    @Test
    void shouldCountResentOrderOnceByOrderId() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), order("e1", 110, 500, "order-1"),
                order("e2", 120, 500, "order-1"), order("e3", 130, 300, "order-2"));

        assertThat(unit.y("exp", 1, "a", "revenue_per_session")).isEqualTo(800);
        MetricSums aov = unit.arm("exp", 1, "a").metrics().get("average_order_value");
        assertThat(aov.sumY()).isEqualTo(BigInteger.valueOf(800));
        assertThat(aov.sumX()).as("orders").isEqualTo(BigInteger.TWO);
    }

    @Test
    void shouldReplaceUnitContributionWhenLaterOrderArrives() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), order("e1", 110, 500, "o1"), order("e2", 120, 300, "o2"));

        MetricSums revenue = unit.arm("exp", 1, "a").metrics().get("revenue_per_session");
        assertThat(revenue.n()).isEqualTo(1);
        assertThat(revenue.sumY()).isEqualTo(BigInteger.valueOf(800));
        assertThat(revenue.sumY2()).as("(500+300)^2, not 500^2+800^2").isEqualTo(BigInteger.valueOf(640_000));
    }

    @Test
    void shouldExcludeForcedUnit() {
        Unit unit = new Unit().feed(new Coverage("exp", 1, "a", null, 100, true, 7), view("v", 110));

        assertThat(unit.arm("exp", 1, "a").exposed()).isZero();
        assertThat(unit.arm("exp", 1, "a").metrics()).isEmpty();
    }

    @Test
    void shouldTakeBackContributionWhenUnitIsForcedLater() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), view("v", 110),
                new Coverage("exp", 1, "a", null, 120, true, 7));

        assertThat(unit.arm("exp", 1, "a").exposed()).isZero();
        assertThat(unit.arm("exp", 1, "a").metrics()).isEmpty();
    }

    @Test
    void shouldExcludeHeldOutUnitAndCountItInHoldoutComparison() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), view("v", 110),
                new Decision(120, 7, List.of(), true), view("w", 130));

        assertThat(unit.arm("exp", 1, "a").exposed()).isZero();
        assertThat(unit.arm(Attribution.HOLDOUT, 0, Attribution.HELD_OUT).exposed()).isEqualTo(1);
        assertThat(unit.arm(Attribution.HOLDOUT, 0, Attribution.HELD_OUT).assigned()).isEqualTo(1);
        assertThat(unit.y(Attribution.HOLDOUT, 0, Attribution.HELD_OUT, "page_views_per_session")).isEqualTo(1);
    }

    @Test
    void shouldPutNotHeldOutUnitInOtherHoldoutArm() {
        Unit unit = new Unit().feed(new Decision(100, 7, List.of(), false), view("v", 110));

        assertThat(unit.y(Attribution.HOLDOUT, 0, Attribution.NOT_HELD_OUT, "page_views_per_session")).isEqualTo(1);
        assertThat(unit.arm(Attribution.HOLDOUT, 0, Attribution.HELD_OUT).exposed()).isZero();
    }

    @Test
    void shouldPoolUnitsAcrossRampBecauseRampKeepsPhase() {
        Unit early = new Unit().feed(cover(1, "a", 200, 100), view("v1", 110));
        Unit afterRamp = new Unit().feed(cover(1, "a", 300, 400), view("v2", 410));

        assertThat(early.arm("exp", 1, "a").exposed() + afterRamp.arm("exp", 1, "a").exposed()).isEqualTo(2);
    }

    @Test
    void shouldCountUnitFirstExposedInNewPhaseOnlyThere() {
        Unit unit = new Unit().feed(cover(2, "b", 50, 600), view("v", 610));

        assertThat(unit.arm("exp", 2, "b").exposed()).isEqualTo(1);
        assertThat(unit.arm("exp", 1, "b").exposed()).isZero();
    }

    @Test
    void shouldKeepCarryOverUnitOutOfNewPhase() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), cover(2, "a", 200, 600), view("v", 610));

        assertThat(unit.arm("exp", 2, "a").exposed()).isZero();
        assertThat(unit.arm("exp", 1, "a").exposed()).isEqualTo(1);
        assertThat(unit.y("exp", 1, "a", "page_views_per_session"))
                .as("slot 200 did not move: still contributes to phase 1").isEqualTo(1);
    }

    @Test
    void shouldStopCountingMovedSlotAtPhaseChange() {
        Unit unit = new Unit().feed(cover(1, "a", 50, 100), view("before-change", 400),
                cover(2, "b", 50, 600), view("after-change", 610));

        assertThat(unit.y("exp", 1, "a", "page_views_per_session")).isEqualTo(1);
        assertThat(unit.arm("exp", 2, "b").exposed()).isZero();
    }

    @Test
    void shouldMoveUnitToEarlierCoverageArrivingLate() {
        Unit unit = new Unit().feed(cover(2, "b", 200, 600), view("v", 650), cover(1, "a", 200, 580));

        assertThat(unit.arm("exp", 2, "b").exposed()).isZero();
        assertThat(unit.arm("exp", 2, "b").metrics()).isEmpty();
        assertThat(unit.arm("exp", 1, "a").exposed()).isEqualTo(1);
        assertThat(unit.y("exp", 1, "a", "page_views_per_session")).isEqualTo(1);
    }

    @Test
    void shouldComputeCustomMetric() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100),
                new Activity("s1", 110, ActivityType.CUSTOM, "signup", 0, null),
                new Activity("s2", 120, ActivityType.CUSTOM, "signup", 0, null),
                new Activity("x", 130, ActivityType.CUSTOM, "other", 0, null));

        assertThat(unit.y("exp", 1, "a", "signups")).isEqualTo(2);
    }

    @Test
    void shouldIgnoreInputBehindWindowPlusGrace() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), view("now", 2_000));
        unit.state = attribution.apply(unit.state, view("old", 899), catalog, 2_000).next();

        Step step = attribution.apply(unit.state, view("old", 899), catalog, 2_000);

        assertThat(step.outcome()).isEqualTo(Outcome.LATE);
        assertThat(step.deltas()).isEmpty();
    }

    @Test
    void shouldKeepFinalContributionAndForgetUnitAfterBounds() {
        Unit unit = new Unit().feed(cover(1, "a", 200, 100), view("v", 110)).advance(100 + WINDOW + GRACE);

        assertThat(unit.state.exposures().get("exp").closed()).isTrue();
        assertThat(unit.state.events()).as("kept window + grace + window (CUPED)").hasSize(1);
        assertThat(unit.y("exp", 1, "a", "page_views_per_session")).isEqualTo(1);

        unit.feed(cover(1, "a", 200, 1_500));
        assertThat(unit.arm("exp", 1, "a").exposed()).as("a repeat after closing still counts once").isEqualTo(1);

        unit.advance(100 + MEMORY);
        assertThat(unit.state).isEqualTo(UnitState.EMPTY);
        assertThat(unit.y("exp", 1, "a", "page_views_per_session")).isEqualTo(1);
    }

    // CUPED covariate of USER experiments: the fixed pre-period before the experiment's start day (README "Metrics")

    static final long DAY = 86_400_000L;
    static final long HOUR = 3_600_000L;
    /** The USER experiment starts on day 100 at 08:00 UTC: its pre-period (P = 14) is days [86, 100). */
    static final long START = 100 * DAY + 8 * HOUR;

    Catalog withUserExperiment() {
        return new Catalog(Map.of("exp", catalog.experiments().get("exp"), "users", new ExperimentRules("users",
                List.of(new PhaseStart(1, START, List.of())), null)), catalog.customMetrics());
    }

    static Coverage coverUser(String treatment, long time) {
        return new Coverage("users", 1, treatment, 300, time, false, 7);
    }

    static Activity custom(String id, String name, long time) {
        return new Activity(id, time, ActivityType.CUSTOM, name, 0, null);
    }

    @Test
    void shouldTakeUserCovariateFromFixedPrePeriodOnly() {
        // given
        catalog = withUserExperiment();
        long exposure = START + 2 * HOUR;
        Unit unit = new Unit(UnitKind.USER).feed(
                view("before-pre-period", 86 * DAY - 1),
                view("first-pre-day", 86 * DAY),
                order("o1", 95 * DAY + HOUR, 500, "order-1"),
                view("last-pre-ms", 100 * DAY - 1),
                view("start-day-before-start", START - HOUR),
                view("after-start-before-exposure", exposure - 10),
                coverUser("a", exposure),
                view("after-exposure", exposure + 10),
                order("o2", exposure + 20, 300, "order-2"));

        // then: x counts the pre-period's events only, y the attributed ones
        MetricSums views = unit.sums("users", 1, "a", "page_views_per_session");
        assertThat(views.n()).isEqualTo(1);
        assertThat(views.sumX()).as("views on days 86..99 only").isEqualTo(BigInteger.TWO);
        assertThat(views.sumY()).isEqualTo(BigInteger.ONE);
        assertThat(views.sumXY()).isEqualTo(BigInteger.TWO);
        assertThat(unit.x("users", 1, "a", "revenue_per_session")).isEqualTo(500);
        assertThat(unit.y("users", 1, "a", "revenue_per_session")).isEqualTo(300);
        assertThat(unit.x("users", 1, "a", "conversion")).isEqualTo(1);
        assertThat(unit.x("users", 1, "a", "average_order_value")).as("a ratio's x is its denominator").isEqualTo(1);
    }

    @Test
    void shouldKeepSessionCovariateInPreExposureWindowWhenUserExperimentsExist() {
        catalog = withUserExperiment();
        Unit session = new Unit(UnitKind.SESSION).feed(view("long-before", START - 5 * DAY), view("just-before",
                START - 10), cover(1, "a", 200, START), view("in", START + 10));

        assertThat(session.x("exp", 1, "a", "page_views_per_session")).as("W = 1 s before exposure").isEqualTo(1);
        assertThat(session.state.history()).isEqualTo(ActivityHistory.EMPTY);
    }

    @Test
    void shouldGiveCovariateOnlyToUsersExposedWithinHistoryAfterPrePeriodStart() {
        // given: the pre-period starts on day 86, the history reaches H = 56 days back: covariate if exposed < day 142
        catalog = withUserExperiment();
        long lastCovered = 142 * DAY - 1;
        Unit covered = new Unit(UnitKind.USER).feed(view("pre", 86 * DAY), coverUser("a", lastCovered));
        Unit tooLate = new Unit(UnitKind.USER).feed(view("pre", 86 * DAY), coverUser("a", 142 * DAY));

        // then
        assertThat(covered.x("users", 1, "a", "page_views_per_session")).isEqualTo(1);
        assertThat(tooLate.x("users", 1, "a", "page_views_per_session")).as("no covariate: x = 0").isZero();
        assertThat(tooLate.arm("users", 1, "a").exposed()).isEqualTo(1);

        // when the covered unit's exposure stays open, then closes: its covariate does not change
        covered.feed(view("in", lastCovered + 500)).advance(lastCovered + WINDOW + GRACE + 1);
        assertThat(covered.state.exposures().get("users").closed()).isTrue();
        assertThat(covered.x("users", 1, "a", "page_views_per_session")).isEqualTo(1);
        assertThat(covered.y("users", 1, "a", "page_views_per_session")).isEqualTo(1);
    }

    @Test
    void shouldGiveNoCovariateBeforeExperimentConfigurationIsKnown() {
        Unit unit = new Unit(UnitKind.USER).feed(view("pre", 90 * DAY), coverUser("a", START + HOUR));

        assertThat(unit.x("users", 1, "a", "page_views_per_session")).isZero();

        catalog = withUserExperiment();
        unit.feed(view("in", START + HOUR + 1));
        assertThat(unit.x("users", 1, "a", "page_views_per_session")).as("recomputed once the start is known")
                .isEqualTo(1);
    }

    @Test
    void shouldDeduplicateHistoryLikeTheMetrics() {
        catalog = withUserExperiment();
        Unit unit = new Unit(UnitKind.USER).feed(view("v", 90 * DAY), view("v", 90 * DAY + 5),
                order("e1", 91 * DAY, 500, "order-1"), order("e2", 91 * DAY + 7, 500, "order-1"),
                coverUser("a", START));

        assertThat(unit.x("users", 1, "a", "page_views_per_session")).isEqualTo(1);
        assertThat(unit.x("users", 1, "a", "revenue_per_session")).isEqualTo(500);
        assertThat(unit.state.history().days()).hasSize(2);
        assertThat(unit.state.history().days().get(1).totals().orders()).isEqualTo(1);
    }

    @Test
    void shouldNotFeedHistoryWithLateEvents() {
        Unit unit = new Unit(UnitKind.USER).feed(view("now", 95 * DAY));

        Step step = attribution.apply(unit.state, view("old", 90 * DAY), catalog, 95 * DAY);

        assertThat(step.outcome()).isEqualTo(Outcome.LATE);
        assertThat(step.next().history().over(90, 91)).isEqualTo(ActivityTotals.ZERO);
    }

    @Test
    void shouldForgetHistoryDaysAfterHistoryPlusWindowPlusGrace() {
        Unit unit = new Unit(UnitKind.USER).feed(view("v", 90 * DAY + HOUR));
        long retention = 56 * DAY + WINDOW + GRACE;

        unit.advance(90 * DAY + retention - 1);
        assertThat(unit.state.history().days()).hasSize(1);
        assertThat(unit.state.events()).isEmpty();

        unit.advance(90 * DAY + retention);
        assertThat(unit.state).isEqualTo(UnitState.empty(UnitKind.USER));
    }

    @Test
    void shouldDropCustomTotalsOfDayWithTooManyNamesButKeepBuiltIns() {
        // given: day 90 has the metric's event plus 16 other names (17 > 16): its custom totals are dropped
        catalog = withUserExperiment();
        Unit unit = new Unit(UnitKind.USER).feed(custom("s1", "signup", 90 * DAY), view("v1", 90 * DAY + 1));
        for (int i = 0; i < ActivityHistory.MAX_NAMES_PER_DAY; i++) {
            unit.feed(custom("n" + i, "name-" + i, 90 * DAY + 10 + i));
        }
        unit.feed(custom("s2", "signup", 90 * DAY + 100), custom("s3", "signup", 91 * DAY), coverUser("a", START));

        // then
        assertThat(unit.state.history().days().get(0).namesOverflowed()).isTrue();
        assertThat(unit.state.history().days().get(0).totals().custom()).isEmpty();
        assertThat(unit.x("users", 1, "a", "signups")).as("only day 91's signup").isEqualTo(1);
        assertThat(unit.x("users", 1, "a", "page_views_per_session")).isEqualTo(1);
    }

    @Test
    void shouldUsePreExposureWindowForUserHoldoutComparison() {
        catalog = withUserExperiment();
        Unit unit = new Unit(UnitKind.USER).feed(view("pre-period", 90 * DAY), view("just-before", START - 10),
                new Decision(START, 7, List.of(), false), view("in", START + 10));

        assertThat(unit.x(Attribution.HOLDOUT, 0, Attribution.NOT_HELD_OUT, "page_views_per_session")).isEqualTo(1);
        assertThat(unit.y(Attribution.HOLDOUT, 0, Attribution.NOT_HELD_OUT, "page_views_per_session")).isEqualTo(1);
    }

    @Test
    void shouldLabelCovariateRules() {
        AttributionSettings settings = new AttributionSettings(WINDOW, GRACE, MEMORY, 7, 30);

        assertThat(CovariateRule.of("users", UnitKind.USER).label(settings)).isEqualTo("PRE_PERIOD_7D");
        assertThat(CovariateRule.of("exp", UnitKind.SESSION).label(settings)).isEqualTo("PRE_EXPOSURE_SESSION");
        assertThat(CovariateRule.of(Attribution.HOLDOUT, UnitKind.USER).label(settings))
                .isEqualTo("PRE_EXPOSURE_WINDOW");
        CovariateRule.PrePeriod period = CovariateRule.PrePeriod.of(withUserExperiment().experiments().get("users"),
                settings).orElseThrow();
        assertThat(period.fromMs()).isEqualTo(93 * DAY);
        assertThat(period.toMs()).isEqualTo(100 * DAY);
        assertThat(period.exposedBefore()).isEqualTo(123 * DAY);
    }
}
