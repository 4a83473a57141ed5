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
 * @param higherIsHarm fallback only: metrics for which an increase is harm when config-service's catalogue gives the
 *                     metric no harm direction (records written before the setting); otherwise a decrease is
 * @param memory how long what was paused is remembered (auto_pause_action rows are deleted after it)
 * @param claimLease after how long a claim of an instance that never settled it (it died mid-pause) is taken over
 * @param instanceId a name for this instance in auto_pause_action (a random suffix is added per start)
 */
@Validated
@ConfigurationProperties("ep.reporting.guardrail")
public record GuardrailProperties(@NotNull String configServiceUrl, String token, @NotNull Duration interval,
                                  @Min(1) int attempts, @NotNull Duration backoff, List<String> higherIsHarm,
                                  @NotNull Duration memory, @NotNull Duration claimLease, String instanceId) {

    public GuardrailProperties {
        higherIsHarm = higherIsHarm == null ? List.of() : List.copyOf(higherIsHarm);
        instanceId = instanceId == null || instanceId.isBlank() ? "reporting" : instanceId;
    }

    public boolean enabled() {
        return token != null && !token.isBlank();
    }
}
