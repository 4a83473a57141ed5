package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicCheckTest {

  @Test
  void shouldFindNoProblemWhenTopicMatchesDeclaration() {
    // when
    TopicCheck.Result result = TopicCheck.check(Topics.CONFIG_EXPERIMENTS, 1,
        Map.of("cleanup.policy", "compact", "retention.ms", "-1", "min.compaction.lag.ms", "0"));

    // then
    assertThat(result.problems()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void shouldReportPartitionAndPolicyProblemsWhenTopicDiffers() {
    // when
    TopicCheck.Result result = TopicCheck.check(Topics.CONFIG_EXPERIMENTS, 3, Map.of("cleanup.policy", "delete"));

    // then
    assertThat(result.problems()).containsExactly(
        "topic ep.config.experiments has 3 partition(s), declared 1 (it must stay totally ordered)",
        "topic ep.config.experiments has cleanup.policy=delete, declared compact");
  }

  @Test
  void shouldOnlyWarnWhenRetentionDiffers() {
    // when
    TopicCheck.Result result = TopicCheck.check(Topics.EVENTS, 6,
        Map.of("cleanup.policy", "delete", "retention.ms", "1000"));

    // then
    assertThat(result.problems()).isEmpty();
    assertThat(result.warnings()).singleElement().asString().contains("retention.ms=1000");
  }

  @Test
  void shouldNameTheSettingAndTheCommandWhenRetentionDiffersFromTheConfiguredOne() {
    // given: 30 days configured, the topic keeps 7
    Topic<?, ?> declared = Topics.EVENTS.withRetention(java.time.Duration.ofDays(30));

    // when
    TopicCheck.Result result = TopicCheck.check(declared, 6,
        Map.of("cleanup.policy", "delete", "retention.ms", "604800000"), "EP_EVENTS_RETENTION_MS");

    // then
    assertThat(result.problems()).isEmpty();
    assertThat(result.warnings()).containsExactly("topic ep.events has retention.ms=604800000 (7 days), but "
        + "2592000000 (30 days) is configured by EP_EVENTS_RETENTION_MS; existing topics are never altered (a "
        + "shorter retention deletes records at once, and processes started with different settings would undo "
        + "each other): change the topic with kafka-configs.sh --alter --entity-type topics --entity-name ep.events "
        + "--add-config retention.ms=2592000000, or configure the topic's current value 604800000 instead");
  }

  @Test
  void shouldDescribeRetentionInWords() {
    assertThat(TopicCheck.describe("-1")).isEqualTo("forever");
    assertThat(TopicCheck.describe("86400000")).isEqualTo("1 day");
    assertThat(TopicCheck.describe("7200000")).isEqualTo("2 hours");
    assertThat(TopicCheck.describe("60000")).isEqualTo("1 minute");
    assertThat(TopicCheck.describe("1500")).isEqualTo("1500 ms");
    assertThat(TopicCheck.describe("odd")).isEqualTo("odd");
  }
}
