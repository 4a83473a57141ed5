package dev.ep.schemas.serde;

import dev.ep.schemas.registry.RegisteredSchema;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches what the serde learns from the registry, so the registry is asked once per (subject, schema), once per id
 * and once per subject for the latest version. Registry ids are immutable, so entries never expire. Thread-safe; a
 * race may ask the registry twice for the same entry, which is harmless.
 */
final class SchemaCache {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaCache.class);

  private record SubjectSchema(String subject, Schema schema) {
  }

  private final SchemaRegistry registry;
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
  private final Map<String, RegisteredSchema> latest = new ConcurrentHashMap<>();

  SchemaCache(SchemaRegistry registry) {
    this.registry = registry;
  }

  /** The id of {@code schema} under {@code subject}: registered on first use, or looked up when not allowed to. */
  int idFor(String subject, Schema schema, boolean autoRegister) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    int id;
    try {
      if (autoRegister) {
        id = registry.register(subject, schema);
        LOG.info("Schema {} registered under subject {} with id {}", schema.getFullName(), subject, id);
      } else {
        id = registry.lookup(subject, schema).map(RegisteredSchema::id).orElseThrow(() -> new SerializationException(
            "Schema " + schema.getFullName() + " is not registered under subject '" + subject + "' and "
                + "auto.register.schemas=false: register it first (production pre-registers every schema)"));
      }
    } catch (SchemaRegistryException e) {
      throw new SerializationException("Could not " + (autoRegister ? "register" : "look up") + " schema "
          + schema.getFullName() + " under subject '" + subject + "': " + e.getMessage(), e);
    }
    ids.put(key, id);
    schemas.putIfAbsent(id, schema);
    return id;
  }

  /** The writer schema with this id. */
  Schema byId(int id, String topic) {
    Schema cached = schemas.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema;
    try {
      schema = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      String reason = e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND || e.isNotFound()
          ? "unknown schema id " + id + " (not in the registry)"
          : "could not fetch schema id " + id;
      throw new SerializationException("Cannot deserialize record of topic " + topic + ": " + reason + ": "
          + e.getMessage(), e);
    }
    Schema previous = schemas.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  /** The latest registration under {@code subject}, fetched once for the lifetime of the serde. */
  RegisteredSchema latest(String subject) {
    RegisteredSchema cached = latest.get(subject);
    if (cached != null) {
      return cached;
    }
    RegisteredSchema fetched;
    try {
      fetched = registry.latest(subject);
    } catch (SchemaRegistryException e) {
      throw new SerializationException("use.latest.version=true but the latest schema of subject '" + subject
          + "' could not be fetched: " + e.getMessage(), e);
    }
    latest.put(subject, fetched);
    schemas.putIfAbsent(fetched.id(), fetched.schema());
    return fetched;
  }
}
