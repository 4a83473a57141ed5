package dev.ep.reporting.stream;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The reporting stream's settings ({@code ep.reporting.*}).
 *
 * @param topics      the topics read and written
 * @param attribution the time bounds of attribution
 * @param sweep       how often (in stream time) every unit's state is swept for expiry
 */
@Validated
@ConfigurationProperties("ep.reporting")
public record ReportingProperties(@Valid @NotNull Topics topics, @Valid @NotNull Attribution attribution,
                                  @NotNull Duration sweep) {

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
}
