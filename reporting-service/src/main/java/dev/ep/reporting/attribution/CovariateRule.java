package dev.ep.reporting.attribution;

import java.util.Optional;

/**
 * Which CUPED covariate (Deng, Xu, Kohavi, Walker 2013) the x terms of an arm's MEAN and PROPORTION metrics hold
 * (README "Metrics"). Each is fixed before the unit's treatment could act, so it is independent of the treatment and
 * the CUPED estimate stays unbiased.
 */
public enum CovariateRule {

    /**
     * USER experiments: the unit's same metric over the P whole UTC days before the UTC day of the experiment's start
     * (its first phase's start). The calendar window is the same for every unit of the experiment, whatever its
     * treatment and exposure time. A unit first exposed H days or more after the pre-period's first day has no
     * covariate (x = 0): its history no longer reaches back that far.
     */
    PRE_PERIOD,
    /** SESSION experiments: the session's same metric over its events in the window W before its first exposure. */
    PRE_EXPOSURE_SESSION,
    /** The holdout comparison: the unit's same metric over its events in the window W before its first decision. */
    PRE_EXPOSURE_WINDOW;

    /** The rule for the exposures of a unit of this kind to this experiment. */
    public static CovariateRule of(String experimentId, UnitKind kind) {
        if (Attribution.HOLDOUT.equals(experimentId)) {
            return PRE_EXPOSURE_WINDOW;
        }
        return kind == UnitKind.USER ? PRE_PERIOD : PRE_EXPOSURE_SESSION;
    }

    /** The label shown in the results, e.g. {@code PRE_PERIOD_14D}. */
    public String label(AttributionSettings settings) {
        return this == PRE_PERIOD ? "PRE_PERIOD_" + settings.prePeriodDays() + "D" : name();
    }

    /**
     * A USER experiment's pre-period: days {@code [fromDay, toDay)} (epoch days, UTC), and the first exposure time
     * from which units have no covariate.
     */
    public record PrePeriod(long fromDay, long toDay, long exposedBefore) {

        /** The pre-period of an experiment, empty while its configuration has no phase (no start). */
        public static Optional<PrePeriod> of(ExperimentRules experiment, AttributionSettings settings) {
            var start = experiment.startedAt();
            if (start.isEmpty()) {
                return Optional.empty();
            }
            long toDay = ActivityHistory.epochDay(start.getAsLong());
            long fromDay = toDay - settings.prePeriodDays();
            return Optional.of(new PrePeriod(fromDay, toDay,
                    (fromDay + settings.historyDays()) * ActivityHistory.DAY_MS));
        }

        public long fromMs() {
            return fromDay * ActivityHistory.DAY_MS;
        }

        public long toMs() {
            return toDay * ActivityHistory.DAY_MS;
        }

        /** True when a unit first exposed at {@code exposure} has the covariate. */
        public boolean covers(long exposure) {
            return exposure < exposedBefore;
        }
    }
}
