package dev.ep.reporting.stream;

import dev.ep.schemas.registry.RegisteredSchema;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.registry.SchemaRegistryUnavailableException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/** A registry in memory for topology tests, which can be switched off to play a registry outage. */
final class MemoryRegistry implements SchemaRegistry {

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Integer> latest = new HashMap<>();
    private volatile boolean down;

    void down(boolean down) {
        this.down = down;
    }

    private void check() {
        if (down) {
            throw new SchemaRegistryUnavailableException("registry down (test)",
                    SchemaRegistryException.NO_STATUS, 0, null, null);
        }
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        check();
        int id = ids.computeIfAbsent(SchemaNormalization.toParsingForm(schema), k -> {
            byId.put(byId.size() + 1, schema);
            return byId.size();
        });
        latest.put(subject, id);
        return id;
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        check();
        Integer id = ids.get(SchemaNormalization.toParsingForm(schema));
        return id == null ? Optional.empty() : Optional.of(new RegisteredSchema(subject, id, 1, schema));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        check();
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema " + id + " not found", 404,
                    SchemaRegistryException.SCHEMA_NOT_FOUND, null, null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        check();
        Integer id = latest.get(subject);
        if (id == null) {
            throw new SchemaRegistryException("Subject not found", 404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    null, null);
        }
        return new RegisteredSchema(subject, id, 1, byId.get(id));
    }
}
