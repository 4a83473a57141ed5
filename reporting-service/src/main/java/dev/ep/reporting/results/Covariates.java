package dev.ep.reporting.results;

import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.CovariateRule;
import dev.ep.reporting.attribution.Metric;
import dev.ep.reporting.attribution.Shape;
import dev.ep.reporting.attribution.UnitKind;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which CUPED covariate the x terms of the results hold (README "Metrics"), so that the CUPED figures are labelled.
 *
 * @param covariate     {@code PRE_PERIOD_<P>D} (USER experiments), {@code PRE_EXPOSURE_SESSION} (SESSION
 *                      experiments) or {@code PRE_EXPOSURE_WINDOW} (the holdout comparison)
 * @param metrics       the metrics whose x is that covariate (MEAN and PROPORTION; a RATIO metric's x is its
 *                      denominator)
 * @param prePeriodFrom PRE_PERIOD only: the pre-period's first instant (UTC midnight)
 * @param prePeriodTo   PRE_PERIOD only: its end (exclusive; the UTC midnight of the experiment's start day)
 * @param noCovariateForExposuresFrom PRE_PERIOD only: units first exposed at or after this instant have x = 0 (their
 *                      history does not reach back to the pre-period)
 */
public record Covariates(String covariate, List<String> metrics, Instant prePeriodFrom, Instant prePeriodTo,
                         Instant noCovariateForExposuresFrom) {

    public Covariates {
        metrics = List.copyOf(metrics);
    }

    /** The covariate of an experiment's results; empty when its unit type is not known (no configuration). */
    static Optional<Covariates> of(String experimentId, ConfigSnapshot config, AttributionSettings settings) {
        Optional<ExperimentConfig> experiment = config.experiment(experimentId);
        UnitKind kind;
        if (Attribution.HOLDOUT.equals(experimentId)) {
            kind = UnitKind.SESSION;
        } else if (experiment.isPresent() && "USER".equals(experiment.get().unitType())) {
            kind = UnitKind.USER;
        } else if (experiment.isPresent() && "SESSION".equals(experiment.get().unitType())) {
            kind = UnitKind.SESSION;
        } else {
            return Optional.empty();
        }
        CovariateRule rule = CovariateRule.of(experimentId, kind);
        List<String> metrics = config.catalog().metrics().stream().filter(m -> m.shape() != Shape.RATIO)
                .map(Metric::metricName).toList();
        Optional<CovariateRule.PrePeriod> period = rule == CovariateRule.PRE_PERIOD
                ? config.catalog().experiment(experimentId).flatMap(r -> CovariateRule.PrePeriod.of(r, settings))
                : Optional.empty();
        return Optional.of(new Covariates(rule.label(settings), metrics,
                period.map(p -> Instant.ofEpochMilli(p.fromMs())).orElse(null),
                period.map(p -> Instant.ofEpochMilli(p.toMs())).orElse(null),
                period.map(p -> Instant.ofEpochMilli(p.exposedBefore())).orElse(null)));
    }
}
