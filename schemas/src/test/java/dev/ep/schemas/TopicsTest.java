package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.AggregateType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldDeclareEveryPlatformTopicOnceWhenListingAll() {
    // when
    List<String> names = Topics.all().stream().map(Topic::name).toList();

    // then
    assertThat(names).containsExactly("ep.assignments", "ep.coverage", "ep.events", "ep.config.experiments",
        "ep.config.changes", "ep.results", "ep.dlt.event-ingest", "ep.dlt.assignment-config",
        "ep.dlt.reporting-service");
  }

  @Test
  void shouldKeepConfigTopicsTotallyOrderedWhenEventPartitionsChange() {
    // when
    List<Topic<?, ?>> topics = Topics.all(12);

    // then
    assertThat(topics).filteredOn(t -> t.name().startsWith("ep.config.")).allSatisfy(
        t -> assertThat(t.partitions()).isEqualTo(1));
    assertThat(topics).filteredOn(t -> !t.name().startsWith("ep.config.")).allSatisfy(
        t -> assertThat(t.partitions()).isEqualTo(12));
  }

  @Test
  void shouldCompactSnapshotsAndKeepChangesForeverWhenDeclaringConfigTopics() {
    assertThat(Topics.CONFIG_EXPERIMENTS.configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.CONFIG_CHANGES.configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "-1");
    assertThat(Topics.EVENTS.configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(7).toMillis()));
  }

  @Test
  void shouldNameValueSubjectsAndSchemasWhenTopicCarriesAvro() {
    assertThat(Topics.EVENTS.valueSubject()).isEqualTo("ep.events-value");
    assertThat(Topics.EVENTS.keySubject()).isEqualTo("ep.events-key");
    assertThat(Topics.EVENTS.valueSchema()).hasValueSatisfying(
        s -> assertThat(s.getFullName()).isEqualTo("dev.ep.events.v1.TrackingEvent"));
    assertThat(Topics.DLT_EVENT_INGEST.valueSchema()).isEmpty();
    assertThat(Topics.EVENTS.keyClass()).isEqualTo(String.class);
  }

  @Test
  void shouldNameDeadLetterTopicByConsumer() {
    assertThat(Topics.deadLetter("reporting-service")).isEqualTo(Topics.DLT_REPORTING);
    assertThat(Topics.byName("ep.dlt.event-ingest")).hasValue(Topics.DLT_EVENT_INGEST);
    assertThat(Topics.byName("nope")).isEmpty();
  }

  @Test
  void shouldRejectTopicWhenDeclarationIsInvalid() {
    assertThatThrownBy(() -> Topics.EVENTS.withPartitions(0)).hasMessageContaining("at least one partition");
    assertThatThrownBy(() -> Topics.EVENTS.withName("bad name")).hasMessageContaining("Illegal topic name");
    assertThatThrownBy(() -> Topics.EVENTS.withRetention(Duration.ZERO)).hasMessageContaining("positive");
  }

  @Test
  void shouldBuildConfigKeysWhenGivenAggregates() {
    assertThat(ConfigKeys.experiment("checkout")).isEqualTo("experiment:checkout");
    assertThat(ConfigKeys.layer("default")).isEqualTo("layer:default");
    assertThat(ConfigKeys.metric("clicks")).isEqualTo("metric:clicks");
    assertThat(ConfigKeys.of(AggregateType.HOLDOUT, "anything")).isEqualTo("holdout");
    assertThatThrownBy(() -> ConfigKeys.of(AggregateType.UNKNOWN, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigKeys.experiment(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldParseBrokerCleanupPolicyInAnyOrder() {
    assertThat(CleanupPolicy.fromKafka("delete, compact")).isEqualTo(CleanupPolicy.COMPACT_DELETE);
    assertThat(CleanupPolicy.fromKafka("compact")).isEqualTo(CleanupPolicy.COMPACT);
    assertThatThrownBy(() -> CleanupPolicy.fromKafka("shred")).hasMessageContaining("Unknown cleanup.policy");
  }

  @Test
  void shouldRetainForeverWhenRetentionIsEmpty() {
    Topic<String, String> topic = new Topic<>("t", String.class, String.class, 1, CleanupPolicy.DELETE,
        Optional.empty(), java.util.Map.of(), "test");
    assertThat(topic.configs()).containsEntry("retention.ms", "-1");
  }
}
