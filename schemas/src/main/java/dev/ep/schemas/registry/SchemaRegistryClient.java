package dev.ep.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client of the Confluent Schema Registry REST API (Avro schemas) over the JDK {@link HttpClient}. Works against any
 * registry speaking that API: Confluent, Karapace, Redpanda, Apicurio under {@code /apis/ccompat/v7}, and this
 * project's own {@code schema-registry}.
 *
 * <p>Failure handling: an I/O error or a 5xx answer moves on to the next configured URL; when every URL failed, the
 * round is retried after an exponential back-off (initial wait doubled per round, capped), up to
 * {@code maxRetries} rounds. A 4xx answer is the caller's mistake and fails at once with a
 * {@link SchemaRegistryException} carrying Confluent's {@code error_code} and message. The URL that answered last is
 * tried first next time.
 *
 * <p>No caching here: the serde caches ids and schemas. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final int MAX_BODY_IN_MESSAGE = 500;

  private final SchemaRegistryClientConfig config;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final Optional<String> authorization;
  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger preferredUrl = new AtomicInteger();

  public SchemaRegistryClient(SchemaRegistryClientConfig config) {
    this(config, Sleeper.THREAD);
  }

  SchemaRegistryClient(SchemaRegistryClientConfig config, Sleeper sleeper) {
    this.config = Objects.requireNonNull(config, "config");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    this.authorization = config.basicAuth().map(c -> "Basic " + Base64.getEncoder().encodeToString(
        (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
  }

  public SchemaRegistryClientConfig config() {
    return config;
  }

  /** {@code POST /subjects/{s}/versions}: registers (or finds) the schema under the subject; returns its id. */
  @Override
  public int register(String subject, Schema schema) {
    return register(subject, schema.toString());
  }

  /** Registers schema text as is (the registry compares canonical forms). */
  public int register(String subject, String schemaJson) {
    JsonNode answer = send("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schemaJson));
    int id = requiredInt(answer, "id");
    LOG.debug("Registered schema under subject {} with id {}", subject, id);
    return id;
  }

  /** {@code POST /subjects/{s}}: the version of this exact schema under the subject, or empty if not registered. */
  @Override
  public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
    try {
      JsonNode answer = send("POST", "/subjects/" + segment(subject), schemaBody(schema.toString()));
      return Optional.of(registered(answer, subject, schema));
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@code GET /schemas/ids/{id}}. */
  @Override
  public Schema schemaById(int id) {
    JsonNode answer = send("GET", "/schemas/ids/" + id, null);
    return parse(requiredText(answer, "schema"), "schema id " + id);
  }

  /** {@code GET /subjects/{s}/versions/latest}. */
  @Override
  public RegisteredSchema latest(String subject) {
    return registered(send("GET", "/subjects/" + segment(subject) + "/versions/latest", null), subject, null);
  }

  /** {@code GET /subjects/{s}/versions/{v}}. */
  public RegisteredSchema version(String subject, int version) {
    return registered(send("GET", "/subjects/" + segment(subject) + "/versions/" + version, null), subject, null);
  }

  /** {@code GET /subjects}. */
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    send("GET", "/subjects", null).forEach(node -> subjects.add(node.asString()));
    return subjects;
  }

  /** {@code GET /subjects/{s}/versions}. */
  public List<Integer> versions(String subject) {
    return ints(send("GET", "/subjects/" + segment(subject) + "/versions", null));
  }

  /** {@code DELETE /subjects/{s}}: soft-deletes the subject; returns the versions deleted. */
  public List<Integer> deleteSubject(String subject) {
    return ints(send("DELETE", "/subjects/" + segment(subject), null));
  }

  /** {@code POST /compatibility/subjects/{s}/versions/latest?verbose=true}. */
  public CompatibilityResult checkCompatibility(String subject, Schema schema) {
    return checkCompatibility(subject, "latest", schema);
  }

  /** {@code POST /compatibility/subjects/{s}/versions/{version}?verbose=true}; version is a number or "latest". */
  public CompatibilityResult checkCompatibility(String subject, String version, Schema schema) {
    JsonNode answer = send("POST", "/compatibility/subjects/" + segment(subject) + "/versions/" + segment(version)
        + "?verbose=true", schemaBody(schema.toString()));
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(m -> messages.add(m.asString()));
    return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
  }

  /** {@code GET /config}: the global compatibility level. */
  public CompatibilityLevel globalCompatibility() {
    return level(send("GET", "/config", null));
  }

  /** {@code GET /config/{s}?defaultToGlobal=true}: the subject's level, or the global one when it has none. */
  public CompatibilityLevel compatibility(String subject) {
    return level(send("GET", "/config/" + segment(subject) + "?defaultToGlobal=true", null));
  }

  /** {@code PUT /config}. */
  public CompatibilityLevel updateGlobalCompatibility(CompatibilityLevel level) {
    return level(send("PUT", "/config", compatibilityBody(level)));
  }

  /** {@code PUT /config/{s}}. */
  public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
    return level(send("PUT", "/config/" + segment(subject), compatibilityBody(level)));
  }

  // --- transport -------------------------------------------------------------------------------------------------

  private JsonNode send(String method, String pathAndQuery, String body) {
    List<URI> urls = config.urls();
    SchemaRegistryException lastFailure = null;
    for (int round = 0; round <= config.maxRetries(); round++) {
      if (round > 0) {
        Duration wait = backoff(round);
        LOG.warn("Schema registry unavailable ({}); retry {}/{} in {} ms", lastFailure.getMessage(), round,
            config.maxRetries(), wait.toMillis());
        pause(wait);
      }
      int first = preferredUrl.get();
      for (int i = 0; i < urls.size(); i++) {
        int index = (first + i) % urls.size();
        URI uri = resolve(urls.get(index), pathAndQuery);
        HttpResponse<String> response;
        try {
          response = http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
          lastFailure = new SchemaRegistryUnavailableException(
              method + " " + uri + " failed: " + e, SchemaRegistryException.NO_STATUS,
              SchemaRegistryException.NO_STATUS, uri, e);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException("Interrupted while calling the schema registry: " + method + " " + uri, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          preferredUrl.set(index);
          return parseBody(response.body(), method, uri);
        }
        SchemaRegistryException failure = answerError(method, uri, status, response.body());
        if (status < 500) {
          preferredUrl.set(index);
          throw failure;
        }
        lastFailure = failure;
      }
    }
    throw new SchemaRegistryUnavailableException(
        "Schema registry unavailable after " + (config.maxRetries() + 1) + " round(s) over " + urls + ": "
            + lastFailure.getMessage(),
        lastFailure.httpStatus(), lastFailure.errorCode(), lastFailure.uri(), lastFailure);
  }

  Duration backoff(int round) {
    long initial = config.retryInitialWait().toMillis();
    long max = config.retryMaxWait().toMillis();
    long wait = initial << Math.min(round - 1, 30);
    return Duration.ofMillis(wait <= 0 || wait > max ? max : wait);
  }

  private void pause(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while waiting to retry the schema registry", e);
    }
  }

  private HttpRequest request(String method, URI uri, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("Accept", ACCEPT);
    authorization.ifPresent(value -> builder.header("Authorization", value));
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  static URI resolve(URI base, String pathAndQuery) {
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text + pathAndQuery);
  }

  private JsonNode parseBody(String body, String method, URI uri) {
    try {
      return json.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (JacksonException e) {
      throw new SchemaRegistryException("Schema registry answered " + method + " " + uri + " with a body that is "
          + "not JSON: " + abbreviate(body), e);
    }
  }

  private SchemaRegistryException answerError(String method, URI uri, int status, String body) {
    int errorCode = status;
    String message = abbreviate(body);
    try {
      JsonNode node = json.readTree(body);
      if (node.has("error_code")) {
        errorCode = node.get("error_code").asInt(status);
      }
      if (node.has("message")) {
        message = node.get("message").asString(message);
      }
    } catch (JacksonException | IllegalArgumentException notJson) {
      // keep the raw body as the message (e.g. a proxy's HTML error page)
    }
    String text = "Schema registry answered " + method + " " + uri + " with HTTP " + status + " (error_code "
        + errorCode + "): " + message;
    return status >= 500
        ? new SchemaRegistryUnavailableException(text, status, errorCode, uri, null)
        : new SchemaRegistryException(text, status, errorCode, uri, null);
  }

  // --- JSON bodies -----------------------------------------------------------------------------------------------

  private String schemaBody(String schemaJson) {
    ObjectNode node = json.createObjectNode();
    node.put("schema", schemaJson);
    return json.writeValueAsString(node);
  }

  private String compatibilityBody(CompatibilityLevel level) {
    ObjectNode node = json.createObjectNode();
    node.put("compatibility", level.name());
    return json.writeValueAsString(node);
  }

  private RegisteredSchema registered(JsonNode answer, String subject, Schema known) {
    Schema schema = known != null ? known : parse(requiredText(answer, "schema"), "subject " + subject);
    String answeredSubject = answer.path("subject").asString(subject);
    return new RegisteredSchema(answeredSubject, requiredInt(answer, "id"), requiredInt(answer, "version"), schema);
  }

  private static CompatibilityLevel level(JsonNode answer) {
    // GET answers {"compatibilityLevel": ...}, PUT answers {"compatibility": ...}
    JsonNode value = answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
    if (value == null || !value.isString()) {
      throw new SchemaRegistryException("Registry answer has no compatibility level: " + abbreviate(answer.toString()),
          null);
    }
    return CompatibilityLevel.parse(value.asString());
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException("Registry returned an unparsable Avro schema for " + what + ": "
          + e.getMessage(), e);
    }
  }

  private static int requiredInt(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException("Registry answer lacks integer field '" + field + "': "
          + abbreviate(answer.toString()), null);
    }
    return value.asInt();
  }

  private static String requiredText(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (value == null || !value.isString()) {
      throw new SchemaRegistryException("Registry answer lacks string field '" + field + "': "
          + abbreviate(answer.toString()), null);
    }
    return value.asString();
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asInt()));
    return values;
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }
}
