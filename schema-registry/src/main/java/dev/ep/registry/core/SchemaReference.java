package dev.ep.registry.core;

/**
 * A named Avro type that the schema uses and that is registered elsewhere, as Confluent's {@code references}:
 * {@code name} is the full name of the type, found in {@code subject} at {@code version}.
 */
public record SchemaReference(String name, String subject, int version) {

    public SchemaReference {
        if (name == null || name.isBlank()) {
            throw RegistryException.invalidSchema("a reference needs a name");
        }
        if (subject == null || subject.isBlank()) {
            throw RegistryException.invalidSchema("reference '" + name + "' needs a subject");
        }
        String problem = StorableText.problem(name) != null ? StorableText.problem(name) : StorableText.problem(subject);
        if (problem != null) {
            throw RegistryException.invalidSchema("a reference's name or subject " + problem);
        }
        if (version < 1) {
            throw RegistryException.invalidSchema("reference '" + name + "' needs a version >= 1");
        }
    }
}
