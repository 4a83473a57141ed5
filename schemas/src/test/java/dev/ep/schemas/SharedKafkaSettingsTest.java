package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry settings every service reads from {@code ep-kafka.yml}, with and without environment variables. */
class SharedKafkaSettingsTest {

  @Test
  void shouldNotAutoRegisterAndSendNoCredentialsWhenNothingIsSet() {
    // when
    Map<String, Object> properties = SharedKafkaSettings.kafkaClientProperties(Map.of());

    // then
    assertThat(properties).containsEntry("auto.register.schemas", "false")
        .containsEntry("basic.auth.user.info", "")
        .containsEntry("schema.registry.url", "http://127.0.0.1:8081");
  }

  @Test
  void shouldAutoRegisterAndSendUserInfoWhenTheEnvironmentSaysSo() {
    // when
    Map<String, Object> properties = SharedKafkaSettings.kafkaClientProperties(Map.of(
        "EP_SCHEMA_REGISTRY_AUTO_REGISTER", "true",
        "EP_SCHEMA_REGISTRY_USER_INFO", "svc:pw",
        "EP_SCHEMA_REGISTRY_URL", "http://registry:8081"));

    // then
    assertThat(properties).containsEntry("auto.register.schemas", "true")
        .containsEntry("basic.auth.user.info", "svc:pw")
        .containsEntry("schema.registry.url", "http://registry:8081");
  }
}
