package dev.ep.reporting.guardrail;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Guardrail auto-pause.
 *
 * @param configServiceUrl config-service's base URL
 * @param token reporting-service's own bearer token at config-service (role owner, principal reporting-service);
 *              blank = auto-pause off
 * @param interval how often the opted-in running experiments are checked
 * @param attempts tries of one pause request on a transient failure (5xx, no answer)
 * @param backoff wait before the second try, doubled for each further one
 * @param higherIsHarm metrics for which an increase is harm (default for every metric: a decrease is)
 */
@Validated
@ConfigurationProperties("ep.reporting.guardrail")
public record GuardrailProperties(@NotNull String configServiceUrl, String token, @NotNull Duration interval,
                                  @Min(1) int attempts, @NotNull Duration backoff, List<String> higherIsHarm) {

    public GuardrailProperties {
        higherIsHarm = higherIsHarm == null ? List.of() : List.copyOf(higherIsHarm);
    }

    public boolean enabled() {
        return token != null && !token.isBlank();
    }
}
