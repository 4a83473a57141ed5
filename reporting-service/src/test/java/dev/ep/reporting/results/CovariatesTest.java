package dev.ep.reporting.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.attribution.ExperimentRules;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CovariatesTest {

    static final AttributionSettings SETTINGS = new AttributionSettings(1_000, 0, 1_000, 14, 56);
    static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

    static ConfigSnapshot config(String unitType) {
        ExperimentRules rules = new ExperimentRules("exp",
                List.of(new ExperimentRules.PhaseStart(1, START.toEpochMilli(), List.of())), null);
        ExperimentConfig experiment = new ExperimentConfig("exp", unitType, "RUNNING", "control", 1,
                Map.of(1, Map.of("control", 5000, "treatment", 5000)), "conversion", List.of(), 1, 1, false);
        return new ConfigSnapshot(new Catalog(Map.of("exp", rules), List.of()), Map.of("exp", experiment), 0);
    }

    @Test
    void shouldLabelUserExperimentWithItsPrePeriod() {
        Covariates covariates = Covariates.of("exp", config("USER"), SETTINGS).orElseThrow();

        assertThat(covariates.covariate()).isEqualTo("PRE_PERIOD_14D");
        assertThat(covariates.prePeriodFrom()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
        assertThat(covariates.prePeriodTo()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(covariates.noCovariateForExposuresFrom()).isEqualTo(Instant.parse("2027-01-11T00:00:00Z"));
        assertThat(covariates.metrics()).contains("conversion", "revenue_per_session")
                .doesNotContain("average_order_value");
    }

    @Test
    void shouldLabelSessionExperimentAndHoldoutWithPreExposureWindow() {
        assertThat(Covariates.of("exp", config("SESSION"), SETTINGS).orElseThrow().covariate())
                .isEqualTo("PRE_EXPOSURE_SESSION");
        Covariates holdout = Covariates.of(Attribution.HOLDOUT, config("SESSION"), SETTINGS).orElseThrow();
        assertThat(holdout.covariate()).isEqualTo("PRE_EXPOSURE_WINDOW");
        assertThat(holdout.prePeriodFrom()).isNull();
        assertThat(Covariates.of("unknown", config("USER"), SETTINGS)).isEmpty();
    }
}
