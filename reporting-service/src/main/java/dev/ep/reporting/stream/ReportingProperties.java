package dev.ep.reporting.stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The reporting stream's settings ({@code ep.reporting.*}).
 *
 * @param topics      the topics read and written
 * @param attribution the time bounds of attribution
 * @param sweep       how often (in stream time) the units whose due time has come are swept for expiry
 * @param sweepBatch  how many units a sweep visits at a time, per task (the rest at the next wall-clock punctuation)
 * @param cuped       the CUPED covariate of USER experiments
 * @param resultsEmit how often (wall clock) each arm that changed is published to {@code ep.results}; 0 = at every
 *                    delta
 * @param armsCombine how often (wall clock) the units' deltas, added up per arm, go to the arms; 0 = every delta
 */
@Validated
@ConfigurationProperties("ep.reporting")
public record ReportingProperties(@Valid @NotNull Topics topics, @Valid @NotNull Attribution attribution,
                                  @NotNull Duration sweep, @Positive int sweepBatch, @Valid @NotNull Cuped cuped,
                                  @NotNull Duration resultsEmit, @NotNull Duration armsCombine) {

    public ReportingProperties {
        if (resultsEmit != null && resultsEmit.isNegative()) {
            throw new IllegalArgumentException("ep.reporting.results-emit must not be negative, got " + resultsEmit);
        }
        if (armsCombine != null && armsCombine.isNegative()) {
            throw new IllegalArgumentException("ep.reporting.arms-combine must not be negative, got " + armsCombine);
        }
    }

    /** Topic names; the defaults are the platform's (dev.ep.schemas.Topics). */
    public record Topics(@NotBlank String coverage, @NotBlank String events, @NotBlank String assignments,
                         @NotBlank String config, @NotBlank String results, @NotBlank String deadLetters) {
    }

    /**
     * @param window a tracking event counts if received within this long after the unit's first exposure
     * @param grace  how late an input may arrive (behind stream time) and still count
     * @param memory how long a unit is remembered as exposed or assigned (>= window + grace)
     */
    public record Attribution(@NotNull Duration window, @NotNull Duration grace, @NotNull Duration memory) {
    }

    /**
     * @param prePeriod P, whole days: a USER experiment's covariate is the unit's metric over the P UTC days before the
     *                  experiment's start day
     * @param history   H, whole days (>= P): how far back a user's daily history reaches from a first exposure
     */
    public record Cuped(@NotNull Duration prePeriod, @NotNull Duration history) {

        public Cuped {
            for (Duration d : new Duration[] {prePeriod, history}) {
                if (d != null && (d.isNegative() || d.isZero() || d.toMillis() % Duration.ofDays(1).toMillis() != 0)) {
                    throw new IllegalArgumentException("CUPED pre-period and history must be whole days, got " + d);
                }
            }
        }

        public int prePeriodDays() {
            return Math.toIntExact(prePeriod.toDays());
        }

        public int historyDays() {
            return Math.toIntExact(history.toDays());
        }
    }

    /** The attribution core's settings. */
    public dev.ep.reporting.attribution.AttributionSettings attributionSettings() {
        return new dev.ep.reporting.attribution.AttributionSettings(attribution.window().toMillis(),
                attribution.grace().toMillis(), attribution.memory().toMillis(), cuped.prePeriodDays(),
                cuped.historyDays());
    }
}
