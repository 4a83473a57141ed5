package dev.ep.registry.system;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /}: an empty object, which clients use as a liveness probe. */
@RestController
class RootController {

    @GetMapping(path = "/",
            produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
    Map<String, Object> root() {
        return Map.of();
    }
}
