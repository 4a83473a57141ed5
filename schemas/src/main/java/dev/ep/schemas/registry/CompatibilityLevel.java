package dev.ep.schemas.registry;

import java.util.Locale;

/** Compatibility modes of the Confluent API, as sent and received in {@code /config}. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  static CompatibilityLevel parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SchemaRegistryException("Registry answered an unknown compatibility level '" + value + "'", e);
    }
  }
}
