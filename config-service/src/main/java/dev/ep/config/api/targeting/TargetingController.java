package dev.ep.config.api.targeting;

import dev.ep.config.security.ChangesNothing;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/targeting/validate}: whether an experiment's targeting would accept a rule and pages, for an editor
 * that checks as its user types. Any role may call it; it changes nothing.
 */
@RestController
class TargetingController {

    /** {@code rule}: the rule object, or its JSON text; {@code pages}: page ids. Both optional. */
    record ValidateBody(JsonNode rule, JsonNode pages) {
    }

    /** The answer when the targeting is accepted; a refused one is a 400 problem detail instead. */
    record Validity(boolean valid) {
    }

    @ChangesNothing
    @PostMapping("/v1/targeting/validate")
    Validity validate(@RequestBody ValidateBody body) {
        TargetingCheck.check(body.rule(), body.pages());
        return new Validity(true);
    }
}
