package dev.ep.schemas;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * The deployment's retention ({@code retention.ms}) of the event topics and the dead-letter topics, overriding the
 * defaults declared in {@link Topics} (7 days, 30 days). {@link TopicProvisioner} applies it to every topic it creates
 * and checks existing topics against it, so every process that provisions (the local launcher, config-service,
 * assignment-service, event-ingest) creates the topics with the same retention. How long Kafka keeps events bounds
 * how far back a report can be rebuilt from Kafka (a new consumer group from the earliest offsets).
 *
 * <p>Three settings, each an environment variable (the names below) and, for Spring services, a property of the
 * shared {@code ep-kafka.yml} that defaults to it. Values are milliseconds as Kafka's {@code retention.ms}: a positive
 * number, or {@code -1} to keep records forever; unset or blank keeps the declared default.
 * <ul>
 *   <li>{@value #EVENTS_ENV} ({@value #EVENTS_PROPERTY}): the event topics, i.e. every topic whose values are
 *       {@code AssignmentDecision}, {@code CoverageEvent} or {@code TrackingEvent}, whatever its name;</li>
 *   <li>{@value #DEAD_LETTERS_ENV} ({@value #DEAD_LETTERS_PROPERTY}): every dead-letter topic (raw-bytes key and
 *       value, {@link Topics#deadLetter(String)});</li>
 *   <li>{@value #TOPICS_ENV} ({@value #TOPICS_PROPERTY}): per topic, {@code name=ms} pairs separated by commas
 *       ({@code ep.events=2592000000,ep.dlt.reporting-service=-1}); wins over the two above. Configuration topics cannot be
 *       given one: the change log is kept forever and the snapshot topic is compacted, by design.</li>
 * </ul>
 *
 * @param eventsMs retention of the event topics; empty = declared default
 * @param deadLettersMs retention of the dead-letter topics; empty = declared default
 * @param perTopicMs retention by topic name
 */
public record TopicRetention(OptionalLong eventsMs, OptionalLong deadLettersMs, Map<String, Long> perTopicMs) {

  public static final String EVENTS_ENV = "EP_EVENTS_RETENTION_MS";
  public static final String DEAD_LETTERS_ENV = "EP_DEAD_LETTER_RETENTION_MS";
  public static final String TOPICS_ENV = "EP_TOPIC_RETENTION_MS";
  public static final String EVENTS_PROPERTY = "ep.kafka.retention.events-ms";
  public static final String DEAD_LETTERS_PROPERTY = "ep.kafka.retention.dead-letters-ms";
  public static final String TOPICS_PROPERTY = "ep.kafka.retention.topics";

  /** Kafka's {@code retention.ms} for "never delete". */
  public static final long FOREVER = -1;

  private static final Set<Class<?>> EVENT_VALUES = Set.of(AssignmentDecision.class, CoverageEvent.class,
      TrackingEvent.class);

  public TopicRetention {
    Objects.requireNonNull(eventsMs, "eventsMs");
    Objects.requireNonNull(deadLettersMs, "deadLettersMs");
    eventsMs.ifPresent(ms -> check(EVENTS_ENV, ms));
    deadLettersMs.ifPresent(ms -> check(DEAD_LETTERS_ENV, ms));
    perTopicMs.forEach((topic, ms) -> check(TOPICS_ENV + " " + topic, ms));
    perTopicMs = Map.copyOf(perTopicMs);
  }

  /** Nothing configured: every topic keeps its declared retention. */
  public static TopicRetention defaults() {
    return new TopicRetention(OptionalLong.empty(), OptionalLong.empty(), Map.of());
  }

  /** The settings from this process's environment variables (what a provisioner uses unless given others). */
  public static TopicRetention fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /** The settings from environment-variable names looked up in {@code env}. */
  public static TopicRetention fromEnvironment(Function<String, String> env) {
    return parse(env.apply(EVENTS_ENV), env.apply(DEAD_LETTERS_ENV), env.apply(TOPICS_ENV));
  }

  /**
   * Parses the three settings as text (null or blank = not set).
   *
   * @throws IllegalArgumentException naming the setting when a value is not a positive number of milliseconds or -1
   */
  public static TopicRetention parse(String eventsMs, String deadLettersMs, String perTopic) {
    Map<String, Long> topics = new LinkedHashMap<>();
    if (perTopic != null && !perTopic.isBlank()) {
      for (String pair : perTopic.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? "" : pair.substring(0, eq).trim();
        if (name.isEmpty()) {
          throw new IllegalArgumentException(TOPICS_ENV + " (" + TOPICS_PROPERTY + ") must be topic=milliseconds "
              + "pairs separated by commas, got '" + pair.trim() + "'");
        }
        if (topics.put(name, millis(TOPICS_ENV + " " + name, pair.substring(eq + 1))) != null) {
          throw new IllegalArgumentException(TOPICS_ENV + " (" + TOPICS_PROPERTY + ") names topic " + name
              + " twice");
        }
      }
    }
    return new TopicRetention(optional(EVENTS_ENV + " (" + EVENTS_PROPERTY + ")", eventsMs),
        optional(DEAD_LETTERS_ENV + " (" + DEAD_LETTERS_PROPERTY + ")", deadLettersMs), topics);
  }

  /**
   * The topic with its configured retention: the per-topic setting, else the events or dead-letter setting by kind,
   * else unchanged.
   *
   * @throws IllegalArgumentException when a per-topic setting names a topic that is neither an event nor a
   *     dead-letter topic
   */
  public <K, V> Topic<K, V> apply(Topic<K, V> topic) {
    Kind kind = kindOf(topic);
    Long configured = perTopicMs.get(topic.name());
    if (configured != null) {
      if (kind == Kind.OTHER) {
        throw new IllegalArgumentException(TOPICS_ENV + " sets the retention of " + topic.name()
            + ", but only event and dead-letter topics have a configurable retention");
      }
      return withMillis(topic, configured);
    }
    if (kind == Kind.EVENTS && eventsMs.isPresent()) {
      return withMillis(topic, eventsMs.getAsLong());
    }
    if (kind == Kind.DEAD_LETTERS && deadLettersMs.isPresent()) {
      return withMillis(topic, deadLettersMs.getAsLong());
    }
    return topic;
  }

  /** The setting (environment variable) that decides the retention of {@code topic}, for messages. */
  public String settingFor(Topic<?, ?> topic) {
    if (perTopicMs.containsKey(topic.name())) {
      return TOPICS_ENV;
    }
    return switch (kindOf(topic)) {
      case EVENTS -> EVENTS_ENV;
      case DEAD_LETTERS -> DEAD_LETTERS_ENV;
      case OTHER -> "the declaration in dev.ep.schemas.Topics";
    };
  }

  private enum Kind {
    EVENTS, DEAD_LETTERS, OTHER
  }

  private static Kind kindOf(Topic<?, ?> topic) {
    if (EVENT_VALUES.contains(topic.valueClass())) {
      return Kind.EVENTS;
    }
    if (topic.keyClass() == byte[].class && topic.valueClass() == byte[].class) {
      return Kind.DEAD_LETTERS;
    }
    return Kind.OTHER;
  }

  private static <K, V> Topic<K, V> withMillis(Topic<K, V> topic, long ms) {
    return topic.withRetention(ms == FOREVER ? Optional.empty() : Optional.of(Duration.ofMillis(ms)));
  }

  private static OptionalLong optional(String setting, String text) {
    return text == null || text.isBlank() ? OptionalLong.empty() : OptionalLong.of(millis(setting, text));
  }

  private static long millis(String setting, String text) {
    try {
      return check(setting, Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting + " must be a number of milliseconds (or -1 for forever), got '"
          + text.trim() + "'", e);
    }
  }

  private static long check(String setting, long ms) {
    if (ms < 1 && ms != FOREVER) {
      throw new IllegalArgumentException(setting + " must be a positive number of milliseconds or -1 (forever), got "
          + ms);
    }
    return ms;
  }
}
