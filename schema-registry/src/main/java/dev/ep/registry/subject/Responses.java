package dev.ep.registry.subject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** Response bodies, field for field as Confluent writes them. */
final class Responses {

    private Responses() {
    }

    record SchemaId(int id) {
    }

    @JsonPropertyOrder({"subject", "version", "id", "schema", "references"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SubjectVersionSchema(String subject, int version, int id, String schema,
            List<SchemaRequestBody.ReferenceBody> references) {

        static SubjectVersionSchema of(SchemaRegistryService.VersionedSchema versioned) {
            return new SubjectVersionSchema(versioned.subject(), versioned.version(), versioned.id(),
                    versioned.schema().text(), SchemaRequestBody.bodies(versioned.schema().references()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SchemaById(String schema, List<SchemaRequestBody.ReferenceBody> references) {

        static SchemaById of(StoredSchema stored) {
            return new SchemaById(stored.text(), SchemaRequestBody.bodies(stored.references()));
        }
    }

    record SubjectAndVersion(String subject, int version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Compatibility(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
    }
}
