package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ep.testsupport.TestPlatform;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.apache.kafka.common.config.ConfigResource;

/** The configured retention of event and dead-letter topics against a real KRaft broker. */
class TopicProvisionerIT {

  private static Admin admin;

  @BeforeAll
  static void admin() {
    admin = Admin.create(Map.of("bootstrap.servers", TestPlatform.kafka().bootstrapServers()));
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Test
  void shouldCreateEventAndDeadLetterTopicsWithTheConfiguredRetention() throws Exception {
    // given: one day for events, forever for dead letters, one hour for the coverage topic
    Topic<?, ?> assignments = Topics.ASSIGNMENTS.withName(TestPlatform.uniqueTopic("ep.assignments"));
    Topic<?, ?> coverage = Topics.COVERAGE.withName(TestPlatform.uniqueTopic("ep.coverage"));
    Topic<?, ?> deadLetter = Topics.DLT_EVENT_INGEST.withName(TestPlatform.uniqueTopic("ep.dlt.event-ingest"));
    Topic<?, ?> changes = Topics.CONFIG_CHANGES.withName(TestPlatform.uniqueTopic("ep.config.changes"));
    TopicRetention retention = TopicRetention.parse("86400000", "-1", coverage.name() + "=3600000");

    // when
    TopicProvisioner.Result result;
    try (TopicProvisioner provisioner = provisioner(retention)) {
      result = provisioner.provision(List.of(assignments, coverage, deadLetter, changes));
    }

    // then
    assertThat(result.created()).hasSize(4);
    assertThat(retentionOf(assignments)).isEqualTo("86400000");
    assertThat(retentionOf(coverage)).isEqualTo("3600000");
    assertThat(retentionOf(deadLetter)).isEqualTo("-1");
    assertThat(retentionOf(changes)).isEqualTo("-1");
  }

  @Test
  void shouldReportButNeverAlterTheRetentionWhenAnExistingTopicDiffersFromTheConfiguredOne() throws Exception {
    // given: created with the declared 7 days
    Topic<?, ?> events = Topics.EVENTS.withName(TestPlatform.uniqueTopic("ep.events"));
    try (TopicProvisioner provisioner = provisioner(TopicRetention.defaults())) {
      provisioner.provision(List.of(events));
    }

    // when: a process configured with 30 days starts
    TopicProvisioner.Result result;
    try (TopicProvisioner provisioner = provisioner(TopicRetention.parse("2592000000", null, null))) {
      result = provisioner.provision(List.of(events));
    }

    // then
    assertThat(result.created()).isEmpty();
    assertThat(result.verified()).containsExactly(events.name());
    assertThat(result.warnings()).singleElement().asString()
        .contains("topic " + events.name() + " has retention.ms=604800000 (7 days), but 2592000000 (30 days) is "
            + "configured by EP_EVENTS_RETENTION_MS")
        .contains("kafka-configs.sh --alter --entity-type topics --entity-name " + events.name()
            + " --add-config retention.ms=2592000000");
    assertThat(retentionOf(events)).isEqualTo("604800000");
  }

  @Test
  void shouldCreateNothingWhenAPerTopicRetentionNamesAConfigurationTopic() throws Exception {
    // given
    Topic<?, ?> events = Topics.EVENTS.withName(TestPlatform.uniqueTopic("ep.events"));
    Topic<?, ?> changes = Topics.CONFIG_CHANGES.withName(TestPlatform.uniqueTopic("ep.config.changes"));
    TopicRetention retention = TopicRetention.parse(null, null, changes.name() + "=86400000");

    // when / then
    try (TopicProvisioner provisioner = provisioner(retention)) {
      assertThatThrownBy(() -> provisioner.provision(List.of(events, changes)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(changes.name());
    }
    assertThat(admin.listTopics().names().get()).doesNotContain(events.name(), changes.name());
  }

  private static TopicProvisioner provisioner(TopicRetention retention) {
    return new TopicProvisioner(admin, Optional.empty(), Duration.ofSeconds(30), retention);
  }

  private static String retentionOf(Topic<?, ?> topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
    // created on the controller; the broker's metadata can lag a moment behind (UnknownTopicOrPartition meanwhile)
    return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      return config.get("retention.ms").value();
    }, value -> value != null);
  }
}
