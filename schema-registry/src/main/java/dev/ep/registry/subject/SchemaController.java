package dev.ep.registry.subject;

import dev.ep.registry.core.AvroSchemas;
import dev.ep.registry.core.RegistryException;
import dev.ep.registry.system.ConfluentMediaTypes;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /schemas}: schemas by global id, which is what a deserializer reads from the wire. */
@RestController
@RequestMapping(path = "/schemas",
        produces = {ConfluentMediaTypes.V1_JSON, ConfluentMediaTypes.JSON, MediaType.APPLICATION_JSON_VALUE})
class SchemaController {

    private final SchemaRegistryService registry;

    SchemaController(SchemaRegistryService registry) {
        this.registry = registry;
    }

    @GetMapping("/types")
    List<String> types() {
        return List.of(AvroSchemas.TYPE);
    }

    @GetMapping("/ids/{id}")
    Responses.SchemaById schema(@PathVariable String id) {
        return Responses.SchemaById.of(registry.schemaById(parseId(id)));
    }

    @GetMapping("/ids/{id}/schema")
    String rawSchema(@PathVariable String id) {
        return registry.schemaById(parseId(id)).text();
    }

    @GetMapping("/ids/{id}/subjects")
    List<String> subjects(@PathVariable String id, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versionsOfSchema(parseId(id), deleted).stream().map(SubjectVersion::subject).distinct()
                .toList();
    }

    @GetMapping("/ids/{id}/versions")
    List<Responses.SubjectAndVersion> versions(@PathVariable String id,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versionsOfSchema(parseId(id), deleted).stream()
                .map(v -> new Responses.SubjectAndVersion(v.subject(), v.version())).toList();
    }

    /** An id that is not a positive int names no schema: 40403, never a 500 or a 400 from type conversion. */
    private static int parseId(String id) {
        try {
            int value = Integer.parseInt(id.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RegistryException.schemaNotFound(id);
    }
}
