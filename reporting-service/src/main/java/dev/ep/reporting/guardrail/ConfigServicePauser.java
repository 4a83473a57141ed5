package dev.ep.reporting.guardrail;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Pauses an experiment through config-service's REST API ({@code POST /v1/experiments/{id}/pause} with the reason,
 * which config-service writes to the audit log) under reporting-service's own token. A 409 (already paused, or not
 * running) counts as done; a 5xx or no answer is retried with back-off; any other 4xx is a configuration fault
 * (wrong token, unknown experiment) and is not retried.
 */
final class ConfigServicePauser implements AutoPause.Pauser {

    private static final Logger log = LoggerFactory.getLogger(ConfigServicePauser.class);

    /** What became of a pause request. */
    enum Result { PAUSED, ALREADY_NOT_RUNNING, REFUSED, UNAVAILABLE }

    private final RestClient http;
    private final int attempts;
    private final Duration backoff;

    ConfigServicePauser(RestClient http, int attempts, Duration backoff) {
        this.http = http;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    static ConfigServicePauser create(GuardrailProperties p) {
        RestClient http = RestClient.builder().baseUrl(p.configServiceUrl())
                .defaultHeader("Authorization", "Bearer " + p.token()).build();
        return new ConfigServicePauser(http, p.attempts(), p.backoff());
    }

    @Override
    public Result pause(String experimentId, String reason) {
        long wait = backoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                http.post().uri("/v1/experiments/{id}/pause", experimentId).contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("reason", reason)).retrieve().toBodilessEntity();
                log.info("Paused experiment {}: {}", experimentId, reason);
                return Result.PAUSED;
            } catch (RestClientResponseException e) {
                HttpStatusCode status = e.getStatusCode();
                if (status.value() == 409) {
                    return Result.ALREADY_NOT_RUNNING;
                }
                if (status.is4xxClientError()) {
                    log.error("config-service refused to pause {} ({}): {}", experimentId, status.value(),
                            e.getResponseBodyAsString());
                    return Result.REFUSED;
                }
                if (attempt >= attempts) {
                    log.warn("config-service answered {} to pausing {}, {} attempts; retried at the next check",
                            status.value(), experimentId, attempts);
                    return Result.UNAVAILABLE;
                }
            } catch (ResourceAccessException e) {
                if (attempt >= attempts) {
                    log.warn("config-service unreachable to pause {} after {} attempts ({}); retried at the next check",
                            experimentId, attempts, e.getMessage());
                    return Result.UNAVAILABLE;
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.UNAVAILABLE;
            }
            wait *= 2;
        }
    }
}
