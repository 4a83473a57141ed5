package dev.ep.schemas.registry;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The few registry operations the serde needs. {@link SchemaRegistryClient} implements it over the Confluent REST
 * API; tests of pure serde logic may implement it in memory.
 */
public interface SchemaRegistry {

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The registration of exactly this schema under {@code subject}, or empty when it is not registered there. */
  Optional<RegisteredSchema> lookup(String subject, Schema schema);

  /** The schema with this global id; fails with {@link SchemaRegistryException} (40403) when there is none. */
  Schema schemaById(int id);

  /** The latest version registered under {@code subject}; fails (40401) when the subject does not exist. */
  RegisteredSchema latest(String subject);
}
