package dev.ep.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

  private static final Schema SCHEMA = TrackingEvent.getClassSchema();
  private static final String SUBJECT = "ep.events-value";

  private final List<Duration> sleeps = new ArrayList<>();
  private FakeRegistryServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldRegisterLookUpAndFetchWhenRegistryAnswers() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());

    // when
    int id = client.register(SUBJECT, SCHEMA);
    int again = client.register(SUBJECT, SCHEMA);

    // then
    assertThat(again).isEqualTo(id);
    assertThat(client.lookup(SUBJECT, SCHEMA)).hasValueSatisfying(r -> {
      assertThat(r.id()).isEqualTo(id);
      assertThat(r.version()).isEqualTo(1);
      assertThat(r.subject()).isEqualTo(SUBJECT);
    });
    assertThat(client.schemaById(id)).isEqualTo(SCHEMA);
    assertThat(client.latest(SUBJECT).schema()).isEqualTo(SCHEMA);
    assertThat(client.version(SUBJECT, 1).id()).isEqualTo(id);
    assertThat(client.subjects()).containsExactly(SUBJECT);
    assertThat(client.versions(SUBJECT)).containsExactly(1);
  }

  @Test
  void shouldReturnEmptyWhenLookingUpUnregisteredSchemaOrSubject() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());
    client.register(SUBJECT, SCHEMA);

    // when / then
    assertThat(client.lookup(SUBJECT, CoverageEvent.getClassSchema())).isEmpty();
    assertThat(client.lookup("other-value", SCHEMA)).isEmpty();
  }

  @Test
  void shouldCallUnderPathPrefixWhenUrlHasOne() throws IOException {
    // given an Apicurio-style base path
    server = new FakeRegistryServer("/apis/ccompat/v7");
    SchemaRegistryClient client = client(server.url() + "/");

    // when
    int id = client.register(SUBJECT, SCHEMA);

    // then
    assertThat(client.schemaById(id)).isEqualTo(SCHEMA);
    assertThat(server.requests).extracting(FakeRegistryServer.Recorded::path)
        .containsExactly("/apis/ccompat/v7/subjects/ep.events-value/versions", "/apis/ccompat/v7/schemas/ids/" + id);
  }

  @Test
  void shouldSendConfluentMediaTypesWhenCalling() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());

    // when
    client.register(SUBJECT, SCHEMA);

    // then
    FakeRegistryServer.Recorded request = server.requests.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.body()).contains("\"schema\"");
  }

  @Test
  void shouldSendBasicAuthHeaderWhenUserInfoIsConfigured() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryClientConfig.fromProperties(Map.of(
        "schema.registry.url", server.url().toString(),
        "basic.auth.credentials.source", "USER_INFO",
        "basic.auth.user.info", "alice:s3cr:et")), sleeps::add);

    // when
    client.register(SUBJECT, SCHEMA);

    // then
    assertThat(server.requests.get(0).header("Authorization"))
        .isEqualTo("Basic " + base64("alice:s3cr:et"));
  }

  @Test
  void shouldSendBasicAuthHeaderWhenCredentialsAreInTheUrl() throws IOException {
    // given
    server = new FakeRegistryServer();
    String url = server.url().toString().replace("http://", "http://bob:pa%40ss@");
    SchemaRegistryClient client = new SchemaRegistryClient(SchemaRegistryClientConfig.fromProperties(Map.of(
        "schema.registry.url", url, "basic.auth.credentials.source", "URL")), sleeps::add);

    // when
    client.register(SUBJECT, SCHEMA);

    // then
    assertThat(server.requests.get(0).header("Authorization")).isEqualTo("Basic " + base64("bob:pa@ss"));
  }

  @Test
  void shouldRetryWithExponentialBackoffWhenRegistryAnswers5xx() throws IOException {
    // given
    server = new FakeRegistryServer();
    server.failNext(2, 503, "{\"error_code\":50003,\"message\":\"Error while forwarding the request to the leader\"}");
    SchemaRegistryClient client = client(server.url().toString());

    // when
    int id = client.register(SUBJECT, SCHEMA);

    // then
    assertThat(id).isPositive();
    assertThat(server.requests).hasSize(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void shouldGiveUpWithUnavailableErrorWhenRegistryKeepsFailing() throws IOException {
    // given
    server = new FakeRegistryServer();
    server.failNext(10, 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
    SchemaRegistryClient client = client(server.url().toString());

    // when / then
    assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
        .isInstanceOfSatisfying(SchemaRegistryUnavailableException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.errorCode()).isEqualTo(50001);
        })
        .hasMessageContaining("after 4 round(s)")
        .hasMessageContaining("Error in the backend data store");
    assertThat(server.requests).hasSize(4);
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
  }

  @Test
  void shouldFailAtOnceWithConfluentErrorCodeWhenRegistryAnswers4xx() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());

    // when / then
    assertThatThrownBy(() -> client.latest("missing-value"))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e).isNotInstanceOf(SchemaRegistryUnavailableException.class);
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
          assertThat(e.isNotFound()).isTrue();
        })
        .hasMessageContaining("Subject 'missing-value' not found.")
        .hasMessageContaining("GET " + server.url() + "/subjects/missing-value/versions/latest");
    assertThat(server.requests).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void shouldKeepRawBodyAsMessageWhenErrorIsNotJson() throws IOException {
    // given
    server = new FakeRegistryServer();
    server.failNext(1, 401, "<html>Unauthorized</html>");
    SchemaRegistryClient client = client(server.url().toString());

    // when / then
    assertThatThrownBy(() -> client.subjects())
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(401))
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("<html>Unauthorized</html>");
  }

  @Test
  void shouldTryNextUrlWithoutWaitingWhenFirstUrlIsUnreachable() throws IOException {
    // given a first URL nothing listens on
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client("http://127.0.0.1:" + freePort() + "," + server.url());

    // when
    int id = client.register(SUBJECT, SCHEMA);
    client.schemaById(id);

    // then
    assertThat(server.requests).hasSize(2);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void shouldReportIncompatibilityWithMessagesWhenCheckingCompatibility() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());
    client.register(SUBJECT, SCHEMA);

    // when
    CompatibilityResult compatible = client.checkCompatibility(SUBJECT, SCHEMA);
    server.answerIncompatible();
    CompatibilityResult incompatible = client.checkCompatibility(SUBJECT, "1", SCHEMA);

    // then
    assertThat(compatible.compatible()).isTrue();
    assertThat(incompatible.compatible()).isFalse();
    assertThat(incompatible.messages()).containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE: newField");
    assertThat(server.requests.get(1).path()).isEqualTo("/compatibility/subjects/ep.events-value/versions/latest");
    assertThat(server.requests.get(1).query()).isEqualTo("verbose=true");
  }

  @Test
  void shouldReadAndUpdateCompatibilityLevelsWhenConfiguring() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());

    // when
    CompatibilityLevel initial = client.globalCompatibility();
    CompatibilityLevel updated = client.updateCompatibility(SUBJECT, CompatibilityLevel.FULL_TRANSITIVE);
    client.updateGlobalCompatibility(CompatibilityLevel.NONE);

    // then
    assertThat(initial).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(updated).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.compatibility(SUBJECT)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThat(client.compatibility("other")).isEqualTo(CompatibilityLevel.NONE);
  }

  @Test
  void shouldDeleteSubjectAndReturnItsVersions() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());
    client.register(SUBJECT, SCHEMA);

    // when
    List<Integer> deleted = client.deleteSubject(SUBJECT);

    // then
    assertThat(deleted).containsExactly(1);
    assertThat(client.subjects()).isEmpty();
  }

  @Test
  void shouldEncodeSubjectAsOnePathSegmentWhenItHasSpecialCharacters() throws IOException {
    // given
    server = new FakeRegistryServer();
    SchemaRegistryClient client = client(server.url().toString());

    // when
    client.register("a b/c-value", SCHEMA);

    // then
    assertThat(server.requests.get(0).path()).isEqualTo("/subjects/a%20b%2Fc-value/versions");
    assertThat(client.subjects()).containsExactly("a b/c-value");
  }

  private SchemaRegistryClient client(String urls) {
    return new SchemaRegistryClient(SchemaRegistryClientConfig.of(urls)
        .withRetries(3, Duration.ofMillis(100), Duration.ofMillis(300)), sleeps::add);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
