package dev.ep.registry.subject;

import dev.ep.registry.auth.OpenRead;
import dev.ep.registry.core.CompatibilityChecker;
import dev.ep.registry.core.VersionSelector;
import dev.ep.registry.system.ConfluentMediaTypes;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /compatibility}: would this schema be accepted, without registering it. */
@RestController
@RequestMapping(path = "/compatibility/subjects/{subject}",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
class CompatibilityController {

    private final SchemaRegistryService registry;

    CompatibilityController(SchemaRegistryService registry) {
        this.registry = registry;
    }

    @OpenRead
    @PostMapping("/versions/{version}")
    Responses.Compatibility againstVersion(@PathVariable String subject, @PathVariable String version,
            @RequestBody SchemaRequestBody body, @RequestParam(defaultValue = "false") boolean verbose) {
        return response(registry.testCompatibility(subject, Optional.of(VersionSelector.parse(version)),
                body.toRequest()), verbose);
    }

    @OpenRead
    @PostMapping("/versions")
    Responses.Compatibility againstLevel(@PathVariable String subject, @RequestBody SchemaRequestBody body,
            @RequestParam(defaultValue = "false") boolean verbose) {
        return response(registry.testCompatibility(subject, Optional.empty(), body.toRequest()), verbose);
    }

    private static Responses.Compatibility response(CompatibilityChecker.Result result, boolean verbose) {
        return new Responses.Compatibility(result.compatible(), verbose ? result.messages() : null);
    }
}
