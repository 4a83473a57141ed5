package dev.ep.schemas;

import dev.ep.events.v1.ArmResult;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.TrackingEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every topic of the platform in one place: name, key type, value type, partitions, cleanup policy, retention.
 * Services take their topic names and serde types from here and call {@link TopicProvisioner} at start; nothing
 * relies on broker auto-creation.
 *
 * <p>Event topics are keyed by session id, so all events of a session are ordered within one partition. Config
 * topics have one partition so that all configuration changes are totally ordered. Dead-letter topics (one per
 * consuming application) have as many partitions as the event topics, because a dead-letter recoverer that keeps
 * the source partition number needs at least as many.
 *
 * <p>{@link #EVENT_RETENTION} and {@link #DEAD_LETTER_RETENTION} are defaults: a deployment sets the retention of
 * the event and dead-letter topics with {@link TopicRetention} ({@code EP_EVENTS_RETENTION_MS} and friends), which
 * {@link TopicProvisioner} applies when it creates them. The configuration topics' retention is fixed.
 */
public final class Topics {

  static {
    AvroTrust.install();
  }

  public static final int DEFAULT_EVENT_PARTITIONS = 6;
  public static final Duration EVENT_RETENTION = Duration.ofDays(7);
  public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);
  public static final String DEAD_LETTER_PREFIX = "ep.dlt.";

  public static final Topic<String, AssignmentDecision> ASSIGNMENTS = new Topic<>("ep.assignments", String.class,
      AssignmentDecision.class, DEFAULT_EVENT_PARTITIONS, CleanupPolicy.DELETE, Optional.of(EVENT_RETENTION),
      Map.of(), "One AssignmentDecision per assign request; key = session id; written by assignment-service.");

  public static final Topic<String, CoverageEvent> COVERAGE = new Topic<>("ep.coverage", String.class,
      CoverageEvent.class, DEFAULT_EVENT_PARTITIONS, CleanupPolicy.DELETE, Optional.of(EVENT_RETENTION),
      Map.of(), "Confirmed exposures; key = session id; written by assignment-service.");

  public static final Topic<String, TrackingEvent> EVENTS = new Topic<>("ep.events", String.class,
      TrackingEvent.class, DEFAULT_EVENT_PARTITIONS, CleanupPolicy.DELETE, Optional.of(EVENT_RETENTION),
      Map.of(), "Storefront tracking events; key = session id; written by assignment-service.");

  public static final Topic<String, ExperimentSnapshot> CONFIG_EXPERIMENTS = new Topic<>("ep.config.experiments",
      String.class, ExperimentSnapshot.class, 1, CleanupPolicy.COMPACT, Optional.empty(),
      Map.of("min.compaction.lag.ms", "0"),
      "Current state of every experiment, layer, holdout and metric; compacted; key = aggregate key (ConfigKeys); "
          + "written by config-service, read from the beginning by assignment-service.");

  public static final Topic<String, ExperimentChange> CONFIG_CHANGES = new Topic<>("ep.config.changes",
      String.class, ExperimentChange.class, 1, CleanupPolicy.DELETE, Optional.empty(), Map.of("retention.bytes", "-1"),
      "Every configuration change event, hash-chained, kept forever; key = aggregate key (ConfigKeys); "
          + "written by config-service.");

  public static final Topic<String, ArmResult> RESULTS = new Topic<>("ep.results", String.class, ArmResult.class,
      DEFAULT_EVENT_PARTITIONS,
      CleanupPolicy.COMPACT, Optional.empty(), Map.of(),
      "Streaming aggregates per experiment arm; compacted; key = experimentId/phase/treatment; written by "
          + "reporting-service, read from the beginning by every reporting-service instance.");

  public static final Topic<byte[], byte[]> DLT_EVENT_INGEST = deadLetter("event-ingest");
  public static final Topic<byte[], byte[]> DLT_ASSIGNMENT_CONFIG = deadLetter("assignment-config");
  public static final Topic<byte[], byte[]> DLT_REPORTING = deadLetter("reporting-service");

  private Topics() {
  }

  /** Every topic with the default partition counts. */
  public static List<Topic<?, ?>> all() {
    return all(DEFAULT_EVENT_PARTITIONS);
  }

  /**
   * Every topic, the event and dead-letter topics with {@code eventPartitions} partitions (config topics always
   * keep one).
   */
  public static List<Topic<?, ?>> all(int eventPartitions) {
    return List.of(
        ASSIGNMENTS.withPartitions(eventPartitions),
        COVERAGE.withPartitions(eventPartitions),
        EVENTS.withPartitions(eventPartitions),
        CONFIG_EXPERIMENTS,
        CONFIG_CHANGES,
        RESULTS.withPartitions(eventPartitions),
        DLT_EVENT_INGEST.withPartitions(eventPartitions),
        DLT_ASSIGNMENT_CONFIG.withPartitions(eventPartitions),
        DLT_REPORTING.withPartitions(eventPartitions));
  }

  /** The declared topic of this name. */
  public static Optional<Topic<?, ?>> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The dead-letter topic of one consuming application ({@code ep.dlt.<consumer>}): raw key and value bytes of the
   * failed record, with headers saying why and where it came from.
   */
  public static Topic<byte[], byte[]> deadLetter(String consumer) {
    return new Topic<>(DEAD_LETTER_PREFIX + consumer, byte[].class, byte[].class, DEFAULT_EVENT_PARTITIONS,
        CleanupPolicy.DELETE, Optional.of(DEAD_LETTER_RETENTION), Map.of(),
        "Records " + consumer + " could not process (raw bytes, reason in headers).");
  }
}
