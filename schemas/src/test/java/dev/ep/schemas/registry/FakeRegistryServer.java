package dev.ep.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small registry speaking the Confluent REST API over real HTTP (JDK HttpServer on 127.0.0.1), for client tests:
 * register, lookup, ids, versions, subjects, compatibility (always compatible unless told), config. Can serve
 * under a path prefix, answer scripted failures first, and records every request.
 */
final class FakeRegistryServer implements AutoCloseable {

  record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  record Scripted(int status, String body) {
  }

  private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern SUBJECT_VERSION = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)");
  private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
  private static final Pattern SCHEMA_ID = Pattern.compile("/schemas/ids/(\\d+)");
  private static final Pattern COMPATIBILITY = Pattern.compile("/compatibility/subjects/([^/]+)/versions/([^/]+)");
  private static final Pattern CONFIG_SUBJECT = Pattern.compile("/config/([^/]+)");

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpServer server;
  private final String prefix;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Deque<Scripted> script = new ArrayDeque<>();
  private final Map<Integer, String> schemasById = new LinkedHashMap<>();
  private final Map<String, Integer> idsByCanonical = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final Map<String, String> configs = new LinkedHashMap<>();
  private String globalLevel = "BACKWARD";
  private boolean compatible = true;
  private int nextId = 1;

  FakeRegistryServer(String prefix) throws IOException {
    this.prefix = prefix;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  FakeRegistryServer() throws IOException {
    this("");
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  /** The next answers are these, whatever the request. */
  synchronized void failNext(int times, int status, String body) {
    for (int i = 0; i < times; i++) {
      script.add(new Scripted(status, body));
    }
  }

  synchronized void answerIncompatible() {
    compatible = false;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getRawPath();
    requests.add(new Recorded(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
        Map.copyOf(exchange.getRequestHeaders()), body));
    Scripted answer;
    synchronized (this) {
      Scripted scripted = script.poll();
      if (scripted != null) {
        answer = scripted;
      } else if (!path.startsWith(prefix)) {
        answer = error(404, 404, "HTTP 404 Not Found");
      } else {
        answer = route(exchange.getRequestMethod(), path.substring(prefix.length()), body);
      }
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Scripted route(String method, String path, String body) {
    Matcher m;
    if (method.equals("POST") && (m = SUBJECT_VERSIONS.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      String schema = schemaOf(body);
      if (schema == null) {
        return error(422, 42201, "Invalid schema");
      }
      int id = idFor(schema);
      List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
      if (!versions.contains(id)) {
        versions.add(id);
      }
      return ok(json.createObjectNode().put("id", id));
    }
    if (method.equals("POST") && (m = SUBJECT.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      if (!subjects.containsKey(subject)) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
      }
      String schema = schemaOf(body);
      Integer id = schema == null ? null : idsByCanonical.get(canonical(schema));
      if (id == null || !subjects.get(subject).contains(id)) {
        return error(404, 40403, "Schema not found");
      }
      return ok(version(subject, subjects.get(subject).indexOf(id) + 1));
    }
    if (method.equals("GET") && (m = SCHEMA_ID.matcher(path)).matches()) {
      String schema = schemasById.get(Integer.parseInt(m.group(1)));
      return schema == null ? error(404, 40403, "Schema " + m.group(1) + " not found")
          : ok(json.createObjectNode().put("schema", schema));
    }
    if (method.equals("GET") && (m = SUBJECT_VERSION.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      List<Integer> versions = subjects.get(subject);
      if (versions == null) {
        return error(404, 40401, "Subject '" + subject + "' not found.");
      }
      int version = m.group(2).equals("latest") ? versions.size() : Integer.parseInt(m.group(2));
      if (version < 1 || version > versions.size()) {
        return error(404, 40402, "Version " + m.group(2) + " not found.");
      }
      return ok(version(subject, version));
    }
    if (method.equals("GET") && (m = SUBJECT_VERSIONS.matcher(path)).matches()) {
      List<Integer> versions = subjects.get(decode(m.group(1)));
      if (versions == null) {
        return error(404, 40401, "Subject not found.");
      }
      ArrayNode array = json.createArrayNode();
      for (int i = 1; i <= versions.size(); i++) {
        array.add(i);
      }
      return ok(array);
    }
    if (method.equals("GET") && path.equals("/subjects")) {
      ArrayNode array = json.createArrayNode();
      subjects.keySet().forEach(array::add);
      return ok(array);
    }
    if (method.equals("DELETE") && (m = SUBJECT.matcher(path)).matches()) {
      List<Integer> versions = subjects.remove(decode(m.group(1)));
      if (versions == null) {
        return error(404, 40401, "Subject not found.");
      }
      ArrayNode array = json.createArrayNode();
      for (int i = 1; i <= versions.size(); i++) {
        array.add(i);
      }
      return ok(array);
    }
    if (method.equals("POST") && (m = COMPATIBILITY.matcher(path)).matches()) {
      if (!subjects.containsKey(decode(m.group(1)))) {
        return error(404, 40401, "Subject not found.");
      }
      ObjectNode answer = json.createObjectNode().put("is_compatible", compatible);
      if (!compatible) {
        answer.putArray("messages").add("READER_FIELD_MISSING_DEFAULT_VALUE: newField");
      }
      return ok(answer);
    }
    if (path.equals("/config")) {
      if (method.equals("PUT")) {
        globalLevel = json.readTree(body).get("compatibility").asString();
        return ok(json.createObjectNode().put("compatibility", globalLevel));
      }
      return ok(json.createObjectNode().put("compatibilityLevel", globalLevel));
    }
    if ((m = CONFIG_SUBJECT.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      if (method.equals("PUT")) {
        String level = json.readTree(body).get("compatibility").asString();
        if (!List.of("NONE", "BACKWARD", "FORWARD", "FULL", "BACKWARD_TRANSITIVE", "FORWARD_TRANSITIVE",
            "FULL_TRANSITIVE").contains(level)) {
          return error(422, 42203, "Invalid compatibility level");
        }
        configs.put(subject, level);
        return ok(json.createObjectNode().put("compatibility", level));
      }
      return ok(json.createObjectNode().put("compatibilityLevel", configs.getOrDefault(subject, globalLevel)));
    }
    return error(404, 404, "HTTP 404 Not Found");
  }

  private ObjectNode version(String subject, int version) {
    int id = subjects.get(subject).get(version - 1);
    return json.createObjectNode().put("subject", subject).put("version", version).put("id", id)
        .put("schema", schemasById.get(id));
  }

  private int idFor(String schema) {
    return idsByCanonical.computeIfAbsent(canonical(schema), c -> {
      schemasById.put(nextId, schema);
      return nextId++;
    });
  }

  private String schemaOf(String body) {
    try {
      JsonNode node = json.readTree(body);
      String schema = node.get("schema").asString();
      new Schema.Parser().parse(schema);
      return schema;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String canonical(String schema) {
    return SchemaNormalization.toParsingForm(new Schema.Parser().parse(schema));
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private Scripted ok(JsonNode node) {
    return new Scripted(200, json.writeValueAsString(node));
  }

  private Scripted error(int status, int code, String message) {
    return new Scripted(status, json.writeValueAsString(
        json.createObjectNode().put("error_code", code).put("message", message)));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
