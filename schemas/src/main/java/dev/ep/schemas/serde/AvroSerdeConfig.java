package dev.ep.schemas.serde;

import dev.ep.schemas.registry.SchemaRegistryClientConfig;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings under Confluent's property names, so a producer or consumer configuration can switch between this
 * serde and Confluent's {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} without edits.
 *
 * @param autoRegister {@code auto.register.schemas} (default true): register the record's schema on first use.
 *     Production sets false: schemas are pre-registered and the serializer only looks their ids up.
 * @param useLatestVersion {@code use.latest.version} (default false): write with the subject's latest registered
 *     schema (the record is projected onto it) instead of the record's own schema.
 * @param specificReader {@code specific.avro.reader} (default false, as Confluent): deserialize into the generated
 *     class named by the writer schema; otherwise into a {@code GenericRecord}. A deserializer built for a class, or
 *     configured with {@code specific.avro.key.type}/{@code specific.avro.value.type}, always reads that class.
 * @param keySubjectStrategy {@code key.subject.name.strategy} (default TopicNameStrategy).
 * @param valueSubjectStrategy {@code value.subject.name.strategy} (default TopicNameStrategy).
 * @param keyType {@code specific.avro.key.type}: class name of the key record, if fixed.
 * @param valueType {@code specific.avro.value.type}: class name of the value record, if fixed.
 * @param registry the registry client settings, if {@code schema.registry.url} is given.
 */
public record AvroSerdeConfig(
    boolean autoRegister,
    boolean useLatestVersion,
    boolean specificReader,
    SubjectNameStrategy keySubjectStrategy,
    SubjectNameStrategy valueSubjectStrategy,
    Optional<String> keyType,
    Optional<String> valueType,
    Optional<SchemaRegistryClientConfig> registry) {

  public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClientConfig.URL;
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE;
  public static final String BASIC_AUTH_USER_INFO = SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO;
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Reads the serde settings from a Kafka client configuration map. */
  public static AvroSerdeConfig from(Map<String, ?> configs) {
    try {
      return new AvroSerdeConfig(
          bool(configs, AUTO_REGISTER_SCHEMAS, true),
          bool(configs, USE_LATEST_VERSION, false),
          bool(configs, SPECIFIC_AVRO_READER, false),
          strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
          strategy(configs, VALUE_SUBJECT_NAME_STRATEGY),
          className(configs, SPECIFIC_AVRO_KEY_TYPE),
          className(configs, SPECIFIC_AVRO_VALUE_TYPE),
          configs.get(SCHEMA_REGISTRY_URL) == null
              ? Optional.empty()
              : Optional.of(SchemaRegistryClientConfig.fromProperties(configs)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Invalid Avro serde configuration: " + e.getMessage());
    }
  }

  SubjectNameStrategy subjectStrategy(boolean isKey) {
    return isKey ? keySubjectStrategy : valueSubjectStrategy;
  }

  Optional<String> type(boolean isKey) {
    return isKey ? keyType : valueType;
  }

  private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
    Object value = configs.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(key + " must be true or false, was '" + text + "'");
  }

  private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      return SubjectNameStrategy.TOPIC_NAME;
    }
    return SubjectNameStrategy.parse(value instanceof Class<?> type ? type.getName() : value.toString());
  }

  private static Optional<String> className(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value instanceof Class<?> type ? type.getName() : value.toString().trim());
  }
}
