package dev.ep.registry.subject;

import dev.ep.registry.core.RegistryException;
import dev.ep.registry.core.SchemaReference;
import java.util.List;

/**
 * Body of register, lookup and compatibility requests:
 * {@code {"schema": "...", "schemaType": "AVRO", "references": [{"name","subject","version"}]}}. Fields newer
 * Confluent clients add (metadata, ruleSet, ...) are ignored.
 */
record SchemaRequestBody(String schema, String schemaType, List<ReferenceBody> references) {

    record ReferenceBody(String name, String subject, Integer version) {

        SchemaReference toReference() {
            if (version == null) {
                throw RegistryException.invalidSchema("reference '" + name + "' needs a version");
            }
            return new SchemaReference(name, subject, version);
        }

        static ReferenceBody of(SchemaReference reference) {
            return new ReferenceBody(reference.name(), reference.subject(), reference.version());
        }
    }

    SchemaRegistryService.SchemaRequest toRequest() {
        List<SchemaReference> refs = references == null ? List.of()
                : references.stream().map(ReferenceBody::toReference).toList();
        return new SchemaRegistryService.SchemaRequest(schema, schemaType, refs);
    }

    static List<ReferenceBody> bodies(List<SchemaReference> references) {
        return references.stream().map(ReferenceBody::of).toList();
    }
}
