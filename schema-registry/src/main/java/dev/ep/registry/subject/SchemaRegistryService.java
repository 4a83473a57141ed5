package dev.ep.registry.subject;

import dev.ep.registry.config.CompatibilityConfig;
import dev.ep.registry.core.AvroSchemas;
import dev.ep.registry.core.CanonicalSchema;
import dev.ep.registry.core.CompatibilityChecker;
import dev.ep.registry.core.CompatibilityChecker.PreviousVersion;
import dev.ep.registry.core.CompatibilityLevel;
import dev.ep.registry.core.ErrorCode;
import dev.ep.registry.core.RegistryException;
import dev.ep.registry.core.SchemaReference;
import dev.ep.registry.core.Subjects;
import dev.ep.registry.core.VersionSelector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration, lookup and deletion with Confluent's semantics. Writes to a subject run in one transaction under
 * that subject's advisory lock; schema ids come from the unique fingerprint, so neither depends on which registry
 * instance serves the request.
 */
@Service
class SchemaRegistryService {

    /** Schema ids never change content, so parsed schemas can be kept; bounded for long-running dev registries. */
    private static final int PARSED_CACHE_LIMIT = 10_000;

    private final RegistryStore store;
    private final CompatibilityConfig config;
    private final TransactionTemplate transactions;
    private final TransactionTemplate readOnly;
    private final Map<Integer, Schema> parsed = new ConcurrentHashMap<>();

    SchemaRegistryService(RegistryStore store, CompatibilityConfig config, TransactionTemplate transactions) {
        this.store = store;
        this.config = config;
        this.transactions = transactions;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** A schema as submitted by a client. */
    record SchemaRequest(String schema, String schemaType, List<SchemaReference> references) {

        SchemaRequest {
            references = references == null ? List.of() : List.copyOf(references);
        }
    }

    /** One version of a subject with its schema. */
    record VersionedSchema(String subject, int version, int id, StoredSchema schema) {
    }

    /** Registers the schema under the subject; returns its id (the existing one when already registered). */
    int register(String subject, SchemaRequest request) {
        Subjects.validate(subject);
        AvroSchemas.requireSupportedType(request.schemaType());
        return transactions.execute(status -> {
            CanonicalSchema candidate = canonical(request);
            store.lockSubject(subject);
            List<SubjectVersion> live = store.versions(subject, false);
            Optional<Integer> knownId = store.schemaIdByFingerprint(candidate.fingerprint());
            if (knownId.isPresent() && live.stream().anyMatch(v -> v.schemaId() == knownId.get())) {
                return knownId.get();
            }
            CompatibilityLevel level = config.effective(subject);
            CompatibilityChecker.Result result = CompatibilityChecker.check(level, candidate.schema(), previous(live));
            if (!result.compatible()) {
                throw new RegistryException(ErrorCode.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\", details: " + result.messages());
            }
            int id = store.idFor(candidate);
            store.insertVersion(subject, store.nextVersion(subject), id);
            return id;
        });
    }

    /** {@code POST /subjects/{subject}}: the version of the subject holding this schema. */
    VersionedSchema lookup(String subject, SchemaRequest request, boolean includeDeleted) {
        Subjects.validate(subject);
        AvroSchemas.requireSupportedType(request.schemaType());
        return readOnly.execute(status -> {
            List<SubjectVersion> versions = store.versions(subject, includeDeleted);
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            CanonicalSchema candidate = canonical(request);
            int id = store.schemaIdByFingerprint(candidate.fingerprint()).orElseThrow(RegistryException::schemaNotFound);
            SubjectVersion match = versions.stream().filter(v -> v.schemaId() == id)
                    .reduce((first, second) -> second)
                    .orElseThrow(RegistryException::schemaNotFound);
            return new VersionedSchema(subject, match.version(), id, schema(id));
        });
    }

    VersionedSchema version(String subject, VersionSelector selector, boolean includeDeleted) {
        return readOnly.execute(status -> {
            SubjectVersion version = find(subject, selector, includeDeleted);
            return new VersionedSchema(subject, version.version(), version.schemaId(), schema(version.schemaId()));
        });
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        List<SubjectVersion> versions = store.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(SubjectVersion::version).toList();
    }

    List<String> subjects(boolean includeDeleted, String prefix) {
        return store.subjects(includeDeleted, prefix == null ? "" : prefix);
    }

    StoredSchema schemaById(int id) {
        return store.schema(id).orElseThrow(() -> RegistryException.schemaNotFound(Integer.toString(id)));
    }

    List<SubjectVersion> versionsOfSchema(int id, boolean includeDeleted) {
        schemaById(id);
        return store.versionsOfSchema(id, includeDeleted);
    }

    /**
     * {@code POST /compatibility/subjects/{subject}/versions[/{version}]}: without a version, against what the
     * subject's level asks for; with one, against that version only (in the level's direction).
     */
    CompatibilityChecker.Result testCompatibility(String subject, Optional<VersionSelector> selector,
            SchemaRequest request) {
        Subjects.validate(subject);
        AvroSchemas.requireSupportedType(request.schemaType());
        return readOnly.execute(status -> {
            CanonicalSchema candidate = canonical(request);
            List<SubjectVersion> against;
            if (selector.isEmpty() || selector.get() instanceof VersionSelector.Latest) {
                against = store.versions(subject, false);
                if (selector.isPresent() && against.isEmpty()) {
                    throw RegistryException.subjectNotFound(subject);
                }
            } else {
                against = List.of(find(subject, selector.get(), false));
            }
            return CompatibilityChecker.check(config.effective(subject), candidate.schema(), previous(against));
        });
    }

    /** Ids of the schemas that reference this subject version. */
    List<Integer> referencedBy(String subject, VersionSelector selector) {
        return readOnly.execute(status -> {
            SubjectVersion version = find(subject, selector, false);
            return store.referencingSchemaIds(subject, version.version());
        });
    }

    /** Soft delete (or permanent, after a soft delete) of all versions; returns the versions deleted. */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        return transactions.execute(status -> {
            store.lockSubject(subject);
            List<SubjectVersion> all = store.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<SubjectVersion> live = all.stream().filter(v -> !v.deleted()).toList();
            if (permanent && !live.isEmpty()) {
                throw new RegistryException(ErrorCode.SUBJECT_NOT_SOFT_DELETED,
                        "Subject '" + subject + "' was not deleted first before being permanently deleted");
            }
            if (!permanent && live.isEmpty()) {
                throw new RegistryException(ErrorCode.SUBJECT_SOFT_DELETED,
                        "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
            }
            List<SubjectVersion> targets = permanent ? all : live;
            for (SubjectVersion version : targets) {
                requireNotReferenced(version);
            }
            for (SubjectVersion version : targets) {
                if (permanent) {
                    store.hardDelete(subject, version.version());
                } else {
                    store.softDelete(subject, version.version());
                }
            }
            // Confluent drops the subject's own compatibility level with the subject.
            config.deleteSubject(subject);
            return targets.stream().map(SubjectVersion::version).toList();
        });
    }

    /** Soft delete (or permanent, after a soft delete) of one version; returns its number. */
    int deleteVersion(String subject, VersionSelector selector, boolean permanent) {
        return transactions.execute(status -> {
            store.lockSubject(subject);
            // A version named by number is found even when soft-deleted, to tell "already deleted" (40406)
            // from "never existed" (40402); "latest" means the latest live one unless deleting permanently.
            SubjectVersion version = find(subject, selector, permanent || selector instanceof VersionSelector.Exact);
            if (permanent && !version.deleted()) {
                throw new RegistryException(ErrorCode.VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version "
                        + version.version() + " was not deleted first before being permanently deleted");
            }
            if (!permanent && version.deleted()) {
                throw new RegistryException(ErrorCode.VERSION_SOFT_DELETED, "Subject '" + subject + "' Version "
                        + version.version() + " was soft deleted.Set permanent=true to delete permanently");
            }
            requireNotReferenced(version);
            if (permanent) {
                store.hardDelete(subject, version.version());
            } else {
                store.softDelete(subject, version.version());
            }
            return version.version();
        });
    }

    private void requireNotReferenced(SubjectVersion version) {
        if (store.isReferenced(version.subject(), version.version())) {
            throw new RegistryException(ErrorCode.REFERENCE_EXISTS, "One or more references exist to the schema {"
                    + "subject=" + version.subject() + ",version=" + version.version() + "}");
        }
    }

    /**
     * Finds a version; {@code includeDeleted} lets a soft-deleted one be found (a soft-deleted version asked for
     * by number without it is reported as not found, as Confluent does).
     */
    private SubjectVersion find(String subject, VersionSelector selector, boolean includeDeleted) {
        List<SubjectVersion> all = store.versions(subject, true);
        List<SubjectVersion> visible = includeDeleted ? all : all.stream().filter(v -> !v.deleted()).toList();
        if (visible.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (selector instanceof VersionSelector.Exact exact) {
            return visible.stream().filter(v -> v.version() == exact.version())
                    .findFirst().orElseThrow(() -> RegistryException.versionNotFound(exact.version()));
        }
        return visible.get(visible.size() - 1);
    }

    private CanonicalSchema canonical(SchemaRequest request) {
        return AvroSchemas.parse(request.schema(), request.references(), referencedTexts(request.references()));
    }

    /** Texts of the referenced schemas, each one's own references before it, each schema once. */
    private List<String> referencedTexts(List<SchemaReference> references) {
        Set<Integer> seen = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>();
        collect(references, seen, texts, 0);
        return texts;
    }

    private void collect(List<SchemaReference> references, Set<Integer> seen, List<String> texts, int depth) {
        if (depth > 32) {
            throw RegistryException.invalidSchema("references nest deeper than 32 levels");
        }
        for (SchemaReference reference : references) {
            SubjectVersion target = store.versions(reference.subject(), false).stream()
                    .filter(v -> v.version() == reference.version()).findFirst()
                    .orElseThrow(() -> RegistryException.invalidSchema("reference '" + reference.name()
                            + "' points at subject '" + reference.subject() + "' version " + reference.version()
                            + ", which is not registered"));
            if (seen.add(target.schemaId())) {
                StoredSchema stored = schema(target.schemaId());
                collect(stored.references(), seen, texts, depth + 1);
                texts.add(stored.text());
            }
        }
    }

    private StoredSchema schema(int id) {
        return store.schema(id).orElseThrow(() -> new IllegalStateException("version points at missing schema " + id));
    }

    private List<PreviousVersion> previous(List<SubjectVersion> versions) {
        return versions.stream().map(v -> new PreviousVersion(v.version(), parsed(v.schemaId()))).toList();
    }

    private Schema parsed(int id) {
        Schema cached = parsed.get(id);
        if (cached != null) {
            return cached;
        }
        StoredSchema stored = schema(id);
        Schema schema = AvroSchemas.parse(stored.text(), stored.references(), referencedTexts(stored.references()))
                .schema();
        if (parsed.size() < PARSED_CACHE_LIMIT) {
            parsed.put(id, schema);
        }
        return schema;
    }
}
