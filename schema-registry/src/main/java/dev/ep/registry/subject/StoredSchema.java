package dev.ep.registry.subject;

import dev.ep.registry.core.SchemaReference;
import java.util.List;

/** A row of registry_schemas with its references. */
record StoredSchema(int id, String schemaType, String text, List<SchemaReference> references) {

    StoredSchema {
        references = List.copyOf(references);
    }
}
