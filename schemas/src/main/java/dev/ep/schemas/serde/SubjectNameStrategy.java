package dev.ep.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * How a subject name is derived, as Confluent's strategies of the same names do. Configured with Confluent's keys
 * {@code key.subject.name.strategy} / {@code value.subject.name.strategy}, whose values may be Confluent's class
 * names ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}) or the simple names.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema line per topic (the default). */
  TOPIC_NAME,
  /** The record's full name, shared by every topic carrying it. */
  RECORD_NAME,
  /** {@code <topic>-<record full name>}. */
  TOPIC_RECORD_NAME;

  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
      case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
    };
  }

  static SubjectNameStrategy parse(String configured) {
    String simple = configured.substring(configured.lastIndexOf('.') + 1).trim();
    return switch (simple.toLowerCase(Locale.ROOT).replace("_", "")) {
      case "topicnamestrategy", "topicname" -> TOPIC_NAME;
      case "recordnamestrategy", "recordname" -> RECORD_NAME;
      case "topicrecordnamestrategy", "topicrecordname" -> TOPIC_RECORD_NAME;
      default -> throw new IllegalArgumentException("Unsupported subject name strategy '" + configured
          + "' (supported: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy)");
    };
  }
}
