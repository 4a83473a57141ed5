package dev.ep.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

  @Test
  void shouldReadConfluentKeysWhenGivenKafkaClientProperties() {
    // when
    SchemaRegistryClientConfig config = SchemaRegistryClientConfig.fromProperties(Map.of(
        "schema.registry.url", " http://a:8081, https://b:8443/apis/ccompat/v7 ",
        "schema.registry.basic.auth.user.info", "user:pw",
        "http.connect.timeout.ms", "1500",
        "schema.registry.http.read.timeout.ms", 2500,
        "max.retries", "5",
        "retries.wait.ms", "50",
        "retries.max.wait.ms", "1000",
        "bootstrap.servers", "ignored:9092"));

    // then
    assertThat(config.urls()).containsExactly(URI.create("http://a:8081"),
        URI.create("https://b:8443/apis/ccompat/v7"));
    assertThat(config.basicAuth()).hasValue(new SchemaRegistryClientConfig.BasicCredentials("user", "pw"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.maxRetries()).isEqualTo(5);
    assertThat(config.retryInitialWait()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.retryMaxWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldStripCredentialsFromUrlWhenSourceIsUrl() {
    // when
    SchemaRegistryClientConfig config = SchemaRegistryClientConfig.fromProperties(Map.of(
        "schema.registry.url", "http://u:p@host:8081/prefix", "basic.auth.credentials.source", "URL"));

    // then
    assertThat(config.urls()).containsExactly(URI.create("http://host:8081/prefix"));
    assertThat(config.basicAuth()).hasValue(new SchemaRegistryClientConfig.BasicCredentials("u", "p"));
  }

  @Test
  void shouldTakeCredentialsFromUrlWhenNoSourceIsSetAndNoUserInfoIsGiven() {
    // when
    SchemaRegistryClientConfig fromUrl = SchemaRegistryClientConfig.fromProperties(Map.of(
        "schema.registry.url", "http://u:p@host:8081"));
    SchemaRegistryClientConfig userInfoWins = SchemaRegistryClientConfig.fromProperties(Map.of(
        "schema.registry.url", "http://u:p@host:8081", "basic.auth.user.info", "alice:pw"));
    SchemaRegistryClientConfig blankUserInfo = SchemaRegistryClientConfig.fromProperties(Map.of(
        "schema.registry.url", "http://u:p@host:8081", "basic.auth.user.info", ""));

    // then
    assertThat(fromUrl.urls()).containsExactly(URI.create("http://host:8081"));
    assertThat(fromUrl.basicAuth()).hasValue(new SchemaRegistryClientConfig.BasicCredentials("u", "p"));
    assertThat(userInfoWins.basicAuth()).hasValue(new SchemaRegistryClientConfig.BasicCredentials("alice", "pw"));
    assertThat(blankUserInfo.basicAuth()).hasValue(new SchemaRegistryClientConfig.BasicCredentials("u", "p"));
  }

  @Test
  void shouldUseDefaultsWhenOnlyUrlIsGiven() {
    // when
    SchemaRegistryClientConfig config = SchemaRegistryClientConfig.of("http://localhost:8081");

    // then
    assertThat(config.basicAuth()).isEmpty();
    assertThat(config.maxRetries()).isEqualTo(SchemaRegistryClientConfig.DEFAULT_MAX_RETRIES);
    assertThat(config.requestTimeout()).isEqualTo(SchemaRegistryClientConfig.DEFAULT_REQUEST_TIMEOUT);
  }

  @Test
  void shouldRejectConfigurationWhenItCannotWork() {
    assertThatThrownBy(() -> SchemaRegistryClientConfig.fromProperties(Map.of()))
        .hasMessageContaining("schema.registry.url is required");
    assertThatThrownBy(() -> SchemaRegistryClientConfig.of("localhost:8081"))
        .hasMessageContaining("Not an http(s) registry URL");
    assertThatThrownBy(() -> SchemaRegistryClientConfig.fromProperties(Map.of("schema.registry.url", "http://h",
        "basic.auth.credentials.source", "SASL_INHERIT")))
        .hasMessageContaining("Unsupported basic.auth.credentials.source 'SASL_INHERIT'");
    assertThatThrownBy(() -> SchemaRegistryClientConfig.fromProperties(Map.of("schema.registry.url", "http://h",
        "basic.auth.credentials.source", "USER_INFO")))
        .hasMessageContaining("needs basic.auth.user.info");
  }

  @Test
  void shouldHidePasswordWhenPrinted() {
    assertThat(new SchemaRegistryClientConfig.BasicCredentials("u", "secret").toString()).doesNotContain("secret");
  }
}
