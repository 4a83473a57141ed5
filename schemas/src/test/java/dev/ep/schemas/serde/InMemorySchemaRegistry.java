package dev.ep.schemas.serde;

import dev.ep.schemas.registry.RegisteredSchema;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/** A registry in memory with call counters, for serde logic tests (the HTTP client has its own tests). */
final class InMemorySchemaRegistry implements SchemaRegistry {

  final AtomicInteger registerCalls = new AtomicInteger();
  final AtomicInteger lookupCalls = new AtomicInteger();
  final AtomicInteger byIdCalls = new AtomicInteger();
  final AtomicInteger latestCalls = new AtomicInteger();

  private final Map<Integer, Schema> byId = new LinkedHashMap<>();
  private final Map<String, Integer> idByCanonical = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private int nextId = 100;

  @Override
  public synchronized int register(String subject, Schema schema) {
    registerCalls.incrementAndGet();
    return add(subject, schema);
  }

  /** Registers without counting, to prepare a test. */
  synchronized int add(String subject, Schema schema) {
    String canonical = SchemaNormalization.toParsingForm(schema);
    int id = idByCanonical.computeIfAbsent(canonical, c -> {
      byId.put(nextId, schema);
      return nextId++;
    });
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(id)) {
      versions.add(id);
    }
    return id;
  }

  @Override
  public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
    lookupCalls.incrementAndGet();
    Integer id = idByCanonical.get(SchemaNormalization.toParsingForm(schema));
    List<Integer> versions = subjects.getOrDefault(subject, List.of());
    if (id == null || !versions.contains(id)) {
      return Optional.empty();
    }
    return Optional.of(new RegisteredSchema(subject, id, versions.indexOf(id) + 1, byId.get(id)));
  }

  @Override
  public synchronized Schema schemaById(int id) {
    byIdCalls.incrementAndGet();
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaRegistryException("Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND,
          null, null);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    latestCalls.incrementAndGet();
    List<Integer> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException("Subject '" + subject + "' not found.", 404,
          SchemaRegistryException.SUBJECT_NOT_FOUND, null, null);
    }
    int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(subject, id, versions.size(), byId.get(id));
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }
}
