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
}
