package dev.ep.registry.subject;

import dev.ep.registry.core.CanonicalSchema;
import dev.ep.registry.core.SchemaReference;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for schemas and subject versions. Callers own the transaction. */
@Repository
class RegistryStore {

    /** First key of the two-int advisory lock ("SR"), so registry locks never collide with another user's. */
    private static final int LOCK_NAMESPACE = 0x5352;

    private final JdbcClient jdbc;

    RegistryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serializes writers of one subject across all registry instances until the transaction ends. Two subjects
     * whose names hash alike merely wait for each other.
     */
    void lockSubject(String subject) {
        jdbc.sql("select pg_advisory_xact_lock(:namespace, hashtext(:subject))")
                .param("namespace", LOCK_NAMESPACE).param("subject", subject)
                .query((rs, row) -> 1).list();
    }

    Optional<Integer> schemaIdByFingerprint(String fingerprint) {
        return jdbc.sql("select id from registry_schemas where fingerprint = :fingerprint")
                .param("fingerprint", fingerprint).query(Integer.class).optional();
    }

    /**
     * Returns the id of the schema, inserting it when no schema has its fingerprint yet. The unique fingerprint
     * and {@code on conflict do nothing} make a concurrent insert of the same schema (same or other subject,
     * same or other instance) wait for the first one and then read its id.
     */
    int idFor(CanonicalSchema schema) {
        Optional<Integer> existing = schemaIdByFingerprint(schema.fingerprint());
        if (existing.isPresent()) {
            return existing.get();
        }
        Optional<Integer> inserted = jdbc.sql("""
                        insert into registry_schemas (fingerprint, schema_type, schema_text)
                        values (:fingerprint, :type, :text)
                        on conflict (fingerprint) do nothing
                        returning id
                        """)
                .param("fingerprint", schema.fingerprint()).param("type", "AVRO").param("text", schema.text())
                .query(Integer.class).optional();
        if (inserted.isEmpty()) {
            return schemaIdByFingerprint(schema.fingerprint())
                    .orElseThrow(() -> new IllegalStateException("schema vanished after a fingerprint conflict"));
        }
        int id = inserted.get();
        List<SchemaReference> references = schema.references();
        for (int position = 0; position < references.size(); position++) {
            SchemaReference reference = references.get(position);
            jdbc.sql("""
                            insert into registry_schema_references (schema_id, position, name, subject, version)
                            values (:id, :position, :name, :subject, :version)
                            """)
                    .param("id", id).param("position", position).param("name", reference.name())
                    .param("subject", reference.subject()).param("version", reference.version())
                    .update();
        }
        return id;
    }

    Optional<StoredSchema> schema(int id) {
        return jdbc.sql("select id, schema_type, schema_text from registry_schemas where id = :id")
                .param("id", id)
                .query((rs, row) -> new StoredSchema(rs.getInt("id"), rs.getString("schema_type"),
                        rs.getString("schema_text"), references(id)))
                .optional();
    }

    private List<SchemaReference> references(int schemaId) {
        return jdbc.sql("""
                        select name, subject, version from registry_schema_references
                        where schema_id = :id order by position
                        """)
                .param("id", schemaId)
                .query((rs, row) -> new SchemaReference(rs.getString("name"), rs.getString("subject"),
                        rs.getInt("version")))
                .list();
    }

    /** All versions of a subject, oldest first. */
    List<SubjectVersion> versions(String subject, boolean includeDeleted) {
        return jdbc.sql("""
                        select subject, version, schema_id, deleted from registry_subject_versions
                        where subject = :subject and (:includeDeleted or not deleted)
                        order by version
                        """)
                .param("subject", subject).param("includeDeleted", includeDeleted)
                .query(RegistryStore::subjectVersion).list();
    }

    /** Subject versions that use a schema, by subject then version. */
    List<SubjectVersion> versionsOfSchema(int schemaId, boolean includeDeleted) {
        return jdbc.sql("""
                        select subject, version, schema_id, deleted from registry_subject_versions
                        where schema_id = :id and (:includeDeleted or not deleted)
                        order by subject, version
                        """)
                .param("id", schemaId).param("includeDeleted", includeDeleted)
                .query(RegistryStore::subjectVersion).list();
    }

    List<String> subjects(boolean includeDeleted, String prefix) {
        return jdbc.sql("""
                        select distinct subject from registry_subject_versions
                        where (:includeDeleted or not deleted) and starts_with(subject, :prefix)
                        order by subject
                        """)
                .param("includeDeleted", includeDeleted).param("prefix", prefix)
                .query(String.class).list();
    }

    /** Next version number: version numbers of soft-deleted versions are never reused. */
    int nextVersion(String subject) {
        return jdbc.sql("select coalesce(max(version), 0) + 1 from registry_subject_versions where subject = :subject")
                .param("subject", subject).query(Integer.class).single();
    }

    void insertVersion(String subject, int version, int schemaId) {
        jdbc.sql("insert into registry_subject_versions (subject, version, schema_id) values (:subject, :version, :id)")
                .param("subject", subject).param("version", version).param("id", schemaId).update();
    }

    void softDelete(String subject, int version) {
        jdbc.sql("update registry_subject_versions set deleted = true where subject = :subject and version = :version")
                .param("subject", subject).param("version", version).update();
    }

    void hardDelete(String subject, int version) {
        jdbc.sql("delete from registry_subject_versions where subject = :subject and version = :version")
                .param("subject", subject).param("version", version).update();
    }

    List<Integer> referencingSchemaIds(String subject, int version) {
        return jdbc.sql("""
                        select distinct r.schema_id from registry_schema_references r
                        join registry_subject_versions v on v.schema_id = r.schema_id and not v.deleted
                        where r.subject = :subject and r.version = :version
                        order by r.schema_id
                        """)
                .param("subject", subject).param("version", version)
                .query(Integer.class).list();
    }

    /** Whether a registered schema version (soft-deleted or not) references this subject version. */
    boolean isReferenced(String subject, int version) {
        return jdbc.sql("""
                        select exists (
                            select 1 from registry_schema_references r
                            join registry_subject_versions v on v.schema_id = r.schema_id
                            where r.subject = :subject and r.version = :version)
                        """)
                .param("subject", subject).param("version", version)
                .query(Boolean.class).single();
    }

    private static SubjectVersion subjectVersion(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new SubjectVersion(rs.getString("subject"), rs.getInt("version"), rs.getInt("schema_id"),
                rs.getBoolean("deleted"));
    }
}
