package dev.ep.registry.subject;

/** A row of registry_subject_versions. */
record SubjectVersion(String subject, int version, int schemaId, boolean deleted) {
}
