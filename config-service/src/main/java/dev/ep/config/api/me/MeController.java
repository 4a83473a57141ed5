package dev.ep.config.api.me;

import dev.ep.config.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/me}: the caller behind the bearer token (any valid token; 401 without one). */
@RestController
class MeController {

    @GetMapping("/v1/me")
    Me me(Caller caller) {
        return Me.of(caller);
    }
}
