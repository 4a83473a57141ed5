package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicRetentionTest {

  @Test
  void shouldKeepEveryDeclaredRetentionWhenNothingIsConfigured() {
    // given
    TopicRetention retention = TopicRetention.fromEnvironment(Map.<String, String>of()::get);

    // when
    List<Topic<?, ?>> topics = Topics.all().stream().<Topic<?, ?>>map(retention::apply).toList();

    // then
    assertThat(topics).isEqualTo(Topics.all());
  }

  @Test
  void shouldApplyTheEventsRetentionToEveryEventTopicWhateverItsNameWhenConfigured() {
    // given
    TopicRetention retention = TopicRetention.parse("2592000000", null, null);

    // when / then
    assertThat(retention.apply(Topics.ASSIGNMENTS).retention()).hasValue(Duration.ofDays(30));
    assertThat(retention.apply(Topics.COVERAGE).retention()).hasValue(Duration.ofDays(30));
    assertThat(retention.apply(Topics.EVENTS).configs()).containsEntry("retention.ms", "2592000000");
    assertThat(retention.apply(Topics.EVENTS.withName("ep.events-test-1")).retention())
        .hasValue(Duration.ofDays(30));
    assertThat(retention.apply(Topics.DLT_EVENT_INGEST)).isEqualTo(Topics.DLT_EVENT_INGEST);
    assertThat(retention.apply(Topics.CONFIG_CHANGES)).isEqualTo(Topics.CONFIG_CHANGES);
    assertThat(retention.apply(Topics.CONFIG_EXPERIMENTS)).isEqualTo(Topics.CONFIG_EXPERIMENTS);
  }

  @Test
  void shouldApplyTheDeadLetterRetentionToEveryDeadLetterTopicWhenConfigured() {
    // given
    TopicRetention retention = TopicRetention.parse(" ", "86400000", "");

    // when / then
    assertThat(retention.apply(Topics.DLT_EVENT_INGEST).retention()).hasValue(Duration.ofDays(1));
    assertThat(retention.apply(Topics.deadLetter("someone-new")).retention()).hasValue(Duration.ofDays(1));
    assertThat(retention.apply(Topics.EVENTS)).isEqualTo(Topics.EVENTS);
  }

  @Test
  void shouldPreferThePerTopicRetentionAndKeepForeverWhenMinusOne() {
    // given
    TopicRetention retention = TopicRetention.parse("86400000", "86400000",
        "ep.events=-1, ep.dlt.reporting-service = 3600000");

    // when / then
    assertThat(retention.apply(Topics.EVENTS).retention()).isEmpty();
    assertThat(retention.apply(Topics.EVENTS).configs()).containsEntry("retention.ms", "-1");
    assertThat(retention.apply(Topics.COVERAGE).retention()).hasValue(Duration.ofDays(1));
    assertThat(retention.apply(Topics.DLT_REPORTING).retention()).hasValue(Duration.ofHours(1));
    assertThat(retention.settingFor(Topics.EVENTS)).isEqualTo("EP_TOPIC_RETENTION_MS");
    assertThat(retention.settingFor(Topics.COVERAGE)).isEqualTo("EP_EVENTS_RETENTION_MS");
    assertThat(retention.settingFor(Topics.DLT_EVENT_INGEST)).isEqualTo("EP_DEAD_LETTER_RETENTION_MS");
  }

  @Test
  void shouldReadTheEnvironmentVariablesWhenBuiltFromTheEnvironment() {
    // given
    Map<String, String> env = Map.of("EP_EVENTS_RETENTION_MS", "1209600000", "EP_DEAD_LETTER_RETENTION_MS", "-1",
        "EP_TOPIC_RETENTION_MS", "ep.coverage=60000");

    // when
    TopicRetention retention = TopicRetention.fromEnvironment(env::get);

    // then
    assertThat(retention).isEqualTo(new TopicRetention(java.util.OptionalLong.of(1_209_600_000L),
        java.util.OptionalLong.of(-1), Map.of("ep.coverage", 60_000L)));
    assertThat(retention.apply(Topics.DLT_ASSIGNMENT_CONFIG).retention()).isEqualTo(Optional.empty());
  }

  @Test
  void shouldRefuseNamingTheSettingWhenAValueIsNotAPositiveNumberOfMillisecondsOrMinusOne() {
    assertThatThrownBy(() -> TopicRetention.parse("7d", null, null))
        .hasMessageContaining("EP_EVENTS_RETENTION_MS").hasMessageContaining("'7d'");
    assertThatThrownBy(() -> TopicRetention.parse("0", null, null))
        .hasMessageContaining("EP_EVENTS_RETENTION_MS").hasMessageContaining("positive");
    assertThatThrownBy(() -> TopicRetention.parse(null, "-2", null))
        .hasMessageContaining("EP_DEAD_LETTER_RETENTION_MS");
    assertThatThrownBy(() -> TopicRetention.parse(null, null, "ep.events"))
        .hasMessageContaining("EP_TOPIC_RETENTION_MS").hasMessageContaining("pairs");
    assertThatThrownBy(() -> TopicRetention.parse(null, null, "=5"))
        .hasMessageContaining("EP_TOPIC_RETENTION_MS");
    assertThatThrownBy(() -> TopicRetention.parse(null, null, "ep.events=1,ep.events=2"))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> TopicRetention.parse(null, null, "ep.events=soon"))
        .hasMessageContaining("EP_TOPIC_RETENTION_MS ep.events");
  }

  @Test
  void shouldRefuseWhenAPerTopicRetentionNamesAConfigurationTopic() {
    // given
    TopicRetention retention = TopicRetention.parse(null, null, "ep.config.changes=86400000");

    // when / then
    assertThatThrownBy(() -> retention.apply(Topics.CONFIG_CHANGES)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ep.config.changes").hasMessageContaining("only event and dead-letter topics");
  }
}
