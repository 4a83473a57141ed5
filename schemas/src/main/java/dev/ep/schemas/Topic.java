package dev.ep.schemas;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the platform, declared once: its name, key and value types, and the settings
 * {@link TopicProvisioner} creates or verifies it with.
 *
 * @param name topic name
 * @param keyClass type of the record key ({@code String} ids, or {@code byte[]} for dead-letter topics)
 * @param valueClass type of the record value (a generated Avro class, or {@code byte[]} for dead-letter topics)
 * @param partitions partition count
 * @param cleanupPolicy {@code cleanup.policy}
 * @param retention {@code retention.ms}; empty = kept forever ({@code -1})
 * @param extraConfigs further topic configs, applied on creation
 * @param description one line on what the topic carries and who reads it
 */
public record Topic<K, V>(
    String name,
    Class<K> keyClass,
    Class<V> valueClass,
    int partitions,
    CleanupPolicy cleanupPolicy,
    Optional<Duration> retention,
    Map<String, String> extraConfigs,
    String description) {

  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public Topic {
    Objects.requireNonNull(name, "name");
    if (!LEGAL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Illegal topic name '" + name + "'");
    }
    Objects.requireNonNull(keyClass, "keyClass");
    Objects.requireNonNull(valueClass, "valueClass");
    if (partitions < 1) {
      throw new IllegalArgumentException("Topic " + name + " needs at least one partition, got " + partitions);
    }
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    Objects.requireNonNull(retention, "retention");
    retention.ifPresent(r -> {
      if (r.isNegative() || r.isZero()) {
        throw new IllegalArgumentException("Topic " + name + " retention must be positive (empty = forever)");
      }
    });
    extraConfigs = Map.copyOf(extraConfigs);
    Objects.requireNonNull(description, "description");
  }

  public Topic<K, V> withPartitions(int partitions) {
    return new Topic<>(name, keyClass, valueClass, partitions, cleanupPolicy, retention, extraConfigs, description);
  }

  public Topic<K, V> withRetention(Duration retention) {
    return withRetention(Optional.of(retention));
  }

  /** The topic with another retention; empty = kept forever ({@code retention.ms=-1}). */
  public Topic<K, V> withRetention(Optional<Duration> retention) {
    return new Topic<>(name, keyClass, valueClass, partitions, cleanupPolicy, retention, extraConfigs, description);
  }

  public Topic<K, V> withName(String name) {
    return new Topic<>(name, keyClass, valueClass, partitions, cleanupPolicy, retention, extraConfigs, description);
  }

  /** The topic configs to create it with: cleanup.policy, retention.ms and the extra configs. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", cleanupPolicy.kafkaValue());
    configs.put("retention.ms", retention.map(r -> Long.toString(r.toMillis())).orElse("-1"));
    configs.putAll(extraConfigs);
    return Map.copyOf(configs);
  }

  /** Subject of the value schema under TopicNameStrategy: {@code <name>-value}. */
  public String valueSubject() {
    return name + "-value";
  }

  /** Subject of the key schema under TopicNameStrategy: {@code <name>-key}. */
  public String keySubject() {
    return name + "-key";
  }

  /** The Avro schema of the value, when the value is a generated Avro class. */
  public Optional<Schema> valueSchema() {
    return SpecificRecord.class.isAssignableFrom(valueClass)
        ? Optional.of(SpecificData.get().getSchema(valueClass))
        : Optional.empty();
  }
}
