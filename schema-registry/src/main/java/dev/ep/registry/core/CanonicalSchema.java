package dev.ep.registry.core;

import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A parsed Avro schema with the text the registry stores and returns, and the fingerprint that identifies it.
 *
 * @param schema the parsed schema, referenced types resolved
 * @param text Avro's own rendering of the schema (whitespace gone, standard attributes in Avro's order,
 *     referenced types by name), which is what Confluent stores and returns too
 * @param fingerprint SHA-256 (hex) over the text with every JSON object's keys sorted, plus the references:
 *     one id per fingerprint across all subjects
 * @param references the referenced types, in request order
 */
public record CanonicalSchema(Schema schema, String text, String fingerprint, List<SchemaReference> references) {

    public CanonicalSchema {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(fingerprint, "fingerprint");
        references = List.copyOf(references);
    }
}
