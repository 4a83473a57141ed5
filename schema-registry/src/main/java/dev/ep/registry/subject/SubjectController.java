package dev.ep.registry.subject;

import dev.ep.registry.auth.OpenRead;
import dev.ep.registry.core.VersionSelector;
import dev.ep.registry.system.ConfluentMediaTypes;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /subjects}: register, look up, list and delete subject versions. */
@RestController
@RequestMapping(path = "/subjects",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
class SubjectController {

    private final SchemaRegistryService registry;

    SubjectController(SchemaRegistryService registry) {
        this.registry = registry;
    }

    @GetMapping
    List<String> subjects(@RequestParam(defaultValue = "false") boolean deleted,
            @RequestParam(defaultValue = "") String subjectPrefix) {
        return registry.subjects(deleted, subjectPrefix);
    }

    @PostMapping("/{subject}/versions")
    Responses.SchemaId register(@PathVariable String subject, @RequestBody SchemaRequestBody body) {
        return new Responses.SchemaId(registry.register(subject, body.toRequest()));
    }

    @OpenRead
    @PostMapping("/{subject}")
    Responses.SubjectVersionSchema lookup(@PathVariable String subject, @RequestBody SchemaRequestBody body,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return Responses.SubjectVersionSchema.of(registry.lookup(subject, body.toRequest(), deleted));
    }

    @GetMapping("/{subject}/versions")
    List<Integer> versions(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versions(subject, deleted);
    }

    @GetMapping("/{subject}/versions/{version}")
    Responses.SubjectVersionSchema version(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return Responses.SubjectVersionSchema.of(registry.version(subject, VersionSelector.parse(version), deleted));
    }

    /** The schema text alone, unescaped, as Confluent serves it. */
    @GetMapping("/{subject}/versions/{version}/schema")
    String rawSchema(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.version(subject, VersionSelector.parse(version), deleted).schema().text();
    }

    @GetMapping("/{subject}/versions/{version}/referencedby")
    List<Integer> referencedBy(@PathVariable String subject, @PathVariable String version) {
        return registry.referencedBy(subject, VersionSelector.parse(version));
    }

    @DeleteMapping("/{subject}")
    List<Integer> deleteSubject(@PathVariable String subject,
            @RequestParam(defaultValue = "false") boolean permanent) {
        return registry.deleteSubject(subject, permanent);
    }

    @DeleteMapping("/{subject}/versions/{version}")
    int deleteVersion(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean permanent) {
        return registry.deleteVersion(subject, VersionSelector.parse(version), permanent);
    }
}
