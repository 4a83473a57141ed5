package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.registry.EmbeddedSchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryClient;
import dev.ep.schemas.registry.SchemaRegistryClientConfig;
import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.serde.AvroSerializer;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serde, configured as a service is (the shared {@code ep-kafka.yml} and its environment variables), against a
 * registry whose writes need credentials, as in production: with {@code EP_SCHEMA_REGISTRY_USER_INFO} and
 * auto-registration on (the local platform) it registers; with production defaults (no auto-registration, no
 * credentials) it only looks ids up, which needs no credential, and refuses at start, naming the subject, a schema
 * nobody registered.
 */
class RegistryAuthenticationIT {

  private static final String WRITER = "svc:svc-password";

  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void startAuthenticatedRegistry() {
    Database database = TestPlatform.postgres().newDatabase("schemas_registry_auth");
    registry = EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(), database.password(), WRITER);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  private static AvroSerializer<SpecificRecord> serializer(Map<String, Object> environmentVariables) {
    Map<String, Object> variables = new HashMap<>(environmentVariables);
    variables.put("EP_SCHEMA_REGISTRY_URL", registry.url());
    AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
    serializer.configure(SharedKafkaSettings.kafkaClientProperties(variables), false);
    return serializer;
  }

  private static SchemaRegistryClient client(String userInfo) {
    SchemaRegistryClientConfig config = SchemaRegistryClientConfig.of(registry.url());
    return new SchemaRegistryClient(userInfo == null ? config
        : config.withBasicAuth(userInfo.substring(0, userInfo.indexOf(':')),
            userInfo.substring(userInfo.indexOf(':') + 1)));
  }

  @Test
  void shouldRegisterWhenTheServiceHasTheWriterCredentialsAndAutoRegisterIsOn() {
    // given: the local platform's settings
    String topic = TestPlatform.uniqueTopic("ep.events");
    AvroSerializer<SpecificRecord> serializer = serializer(Map.of(
        "EP_SCHEMA_REGISTRY_USER_INFO", WRITER, "EP_SCHEMA_REGISTRY_AUTO_REGISTER", "true"));

    // when
    int id = serializer.prepare(topic, TrackingEvent.getClassSchema());

    // then
    assertThat(client(null).latest(topic + "-value").id()).isEqualTo(id);
  }

  @Test
  void shouldFailWith401WhenAutoRegisteringWithoutCredentials() {
    // given
    String topic = TestPlatform.uniqueTopic("ep.events");
    AvroSerializer<SpecificRecord> serializer = serializer(Map.of("EP_SCHEMA_REGISTRY_AUTO_REGISTER", "true"));

    // when / then
    assertThatThrownBy(() -> serializer.prepare(topic, TrackingEvent.getClassSchema()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(topic + "-value")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("error_code 401");
    assertThat(client(null).subjects()).doesNotContain(topic + "-value");
  }

  @Test
  void shouldFailAtStartNamingTheSubjectWhenProductionDefaultsMeetAnUnregisteredSchema() {
    // given: production settings, nothing registered for this topic
    String topic = TestPlatform.uniqueTopic("ep.config.changes");
    AvroSerializer<SpecificRecord> serializer = serializer(Map.of());

    // when / then: what a service does at start (config-service prepares its writers so)
    assertThatThrownBy(() -> serializer.prepare(topic, ExperimentChange.getClassSchema()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under subject '" + topic + "-value'")
        .hasMessageContaining("auto.register.schemas=false");
    assertThat(client(null).subjects()).doesNotContain(topic + "-value");
  }

  @Test
  void shouldWriteWithoutAnyCredentialWhenTheSchemaWasRegisteredBeforehand() {
    // given: an operator registered the schema; the service runs with production settings and no credential
    String topic = TestPlatform.uniqueTopic("ep.events");
    int id = client(WRITER).register(topic + "-value", TrackingEvent.getClassSchema());
    AvroSerializer<SpecificRecord> serializer = serializer(Map.of());

    // when
    int used = serializer.prepare(topic, TrackingEvent.getClassSchema());

    // then
    assertThat(used).isEqualTo(id);
  }

  @Test
  void shouldRefuseAWriteOfTheProjectClientWhenItHasNoOrWrongCredentials() {
    // given
    String subject = TestPlatform.uniqueTopic("ep.events") + "-value";

    // when / then
    for (SchemaRegistryClient stranger : new SchemaRegistryClient[] {client(null), client("svc:wrong")}) {
      assertThatThrownBy(() -> stranger.register(subject, TrackingEvent.getClassSchema()))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.errorCode()).isEqualTo(401);
          });
    }
    assertThat(client(WRITER).register(subject, TrackingEvent.getClassSchema())).isPositive();
  }
}
