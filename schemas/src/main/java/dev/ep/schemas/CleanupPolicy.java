package dev.ep.schemas;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Kafka's {@code cleanup.policy} of a topic. */
public enum CleanupPolicy {
  /** Segments older than the retention are deleted. */
  DELETE("delete"),
  /** Only the latest record per key is kept (a null value deletes the key). */
  COMPACT("compact"),
  /** Compacted, and additionally segments older than the retention are deleted. */
  COMPACT_DELETE("compact,delete");

  private final String kafkaValue;

  CleanupPolicy(String kafkaValue) {
    this.kafkaValue = kafkaValue;
  }

  /** The value of the {@code cleanup.policy} topic config. */
  public String kafkaValue() {
    return kafkaValue;
  }

  /** Parses a broker's {@code cleanup.policy} value ("compact,delete" and "delete,compact" are the same). */
  public static CleanupPolicy fromKafka(String value) {
    Set<String> parts = new TreeSet<>();
    Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
        .forEach(parts::add);
    if (parts.equals(Set.of("delete"))) {
      return DELETE;
    }
    if (parts.equals(Set.of("compact"))) {
      return COMPACT;
    }
    if (parts.equals(Set.of("compact", "delete"))) {
      return COMPACT_DELETE;
    }
    throw new IllegalArgumentException("Unknown cleanup.policy '" + value + "'");
  }
}
