package dev.ep.assignment.system;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor of the HTTP benchmark: the same framework, the same request body read, a constant JSON answer, no
 * assignment and no Kafka (its one assignment carries a token-sized string, as the service's answer does). Only present
 * with {@code ep.assignment.benchmark-endpoint=true}.
 */
@RestController
@ConditionalOnProperty(name = "ep.assignment.benchmark-endpoint", havingValue = "true")
class StaticBenchmarkController {

    private static final String BODY = "{\"configVersion\":0,\"sessionId\":\"static\",\"holdout\":false,"
            + "\"assignments\":[{\"experimentId\":\"static\",\"layerId\":\"static\",\"treatment\":\"control\","
            + "\"variables\":{},\"forced\":false,\"exposureToken\":\"" + "A".repeat(240) + "\"}],\"covered\":[]}";

    @PostMapping(path = "/bench/static", produces = MediaType.APPLICATION_JSON_VALUE)
    String staticJson(@RequestBody(required = false) String ignored) {
        return BODY;
    }
}
