package dev.ep.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.registry.RawHttp.DroppedConnection;
import dev.ep.registry.RawHttp.Reply;
import dev.ep.registry.auth.PasswordHash;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded fuzz run over real HTTP: random methods across every endpoint, with malformed percent-encoding and UTF-8,
 * random bytes, deep nesting, huge numbers, long paths, wrong content types, broken chunking and good, bad or missing
 * credentials. It fails on any 5xx, on any dropped connection, and on any error that comes without Confluent's error
 * body. Bounded in count and in time, whichever comes first:
 *
 * <ul>
 *   <li>{@code -Dep.fuzz.requests} (default 500, small enough for every build; 10,000 on demand),
 *   <li>{@code -Dep.fuzz.seconds} (default 300),
 *   <li>{@code -Dep.fuzz.seed} (default 9; a failure names the seed and the request, so it can be replayed).
 * </ul>
 *
 * The registry is its own (the run changes and deletes things), with write authentication on, so both refused and
 * accepted writes are exercised.
 */
class RegistryFuzzIT {

    private static final Logger log = LoggerFactory.getLogger(RegistryFuzzIT.class);

    private static final int REQUESTS = Integer.getInteger("ep.fuzz.requests", 500);
    private static final Duration TIME = Duration.ofSeconds(Long.getLong("ep.fuzz.seconds", 300));
    private static final long SEED = Long.getLong("ep.fuzz.seed", 9);
    private static final String WRITER = "fuzz:fuzz-password";
    private static final int MAX_FAILURES_REPORTED = 20;

    private static EmbeddedSchemaRegistry registry;
    private static RawHttp raw;
    private static final List<String> SUBJECTS = new ArrayList<>();

    @BeforeAll
    static void start() {
        Database database = TestPlatform.postgres().newDatabase("registry_fuzz");
        registry = EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(), database.password(),
                Map.of("registry.auth.writers", "fuzz:"
                        + PasswordHash.create("fuzz-password", 1_000, new SecureRandom()).encoded()));
        raw = new RawHttp("127.0.0.1", URI.create(registry.url()).getPort(), Duration.ofSeconds(60));
        RegistryHttp writer = new RegistryHttp(registry.url()).withBasicAuth(WRITER);
        for (int i = 0; i < 4; i++) {
            String subject = "fuzz-" + i + "-value";
            writer.register(subject, "{\"type\":\"record\",\"name\":\"F" + i + "\",\"fields\":[{\"name\":\"id\","
                    + "\"type\":\"long\"}]}");
            SUBJECTS.add(subject);
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldNeverAnswer5xxOrDropTheConnectionWhateverTheRequest() throws IOException {
        // given
        Random random = new Random(SEED);
        Generator generator = new Generator(random);
        long deadline = System.nanoTime() + TIME.toNanos();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int sent = 0;

        // when
        while (sent < REQUESTS && System.nanoTime() < deadline) {
            FuzzRequest request = generator.next();
            sent++;
            try {
                Reply reply = raw.exchange(request.bytes(), request.method().equals("HEAD"));
                statuses.merge(reply.status(), 1, Integer::sum);
                String problem = problem(request, reply);
                if (problem != null && failures.size() < MAX_FAILURES_REPORTED) {
                    failures.add("#" + sent + " " + problem + "\n    request: " + request.describe()
                            + "\n    reply:   " + reply);
                }
            } catch (DroppedConnection e) {
                statuses.merge(-1, 1, Integer::sum);
                if (failures.size() < MAX_FAILURES_REPORTED) {
                    failures.add("#" + sent + " dropped connection: " + e.getMessage() + "\n    request: "
                            + request.describe());
                }
            }
        }
        log.info("Registry fuzz run: seed {}, {} requests (asked {}, within {} s), statuses {}", SEED, sent, REQUESTS,
                TIME.toSeconds(), statuses);

        // then
        assertThat(failures).as("failures of the fuzz run with -Dep.fuzz.seed=%d (statuses %s)", SEED, statuses)
                .isEmpty();
        assertThat(new RegistryHttp(registry.url()).get("/").status()).isEqualTo(200);
    }

    /** Null when the reply is acceptable: below 500, and an error carries Confluent's body. */
    private static String problem(FuzzRequest request, Reply reply) {
        if (reply.status() >= 500) {
            return "server error " + reply.status();
        }
        if (reply.status() >= 400 && !request.method().equals("HEAD")) {
            try {
                if (!reply.json().path("error_code").isInt() || !reply.json().path("message").isString()) {
                    return "error without Confluent's body";
                }
            } catch (RuntimeException e) {
                return "error body is not JSON";
            }
        }
        return null;
    }

    /** One request: its bytes and a readable description for the failure report. */
    record FuzzRequest(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) {

        byte[] bytes() {
            return RawHttp.request(method, target.getBytes(StandardCharsets.ISO_8859_1), headers,
                    body == null ? null : chunked ? RawHttp.chunked(body, 1 + body.length / 3) : body);
        }

        String describe() {
            String shownBody = body == null ? "none" : body.length > 200
                    ? new String(body, 0, 200, StandardCharsets.ISO_8859_1) + "...(" + body.length + " bytes)"
                    : new String(body, StandardCharsets.ISO_8859_1);
            String shownTarget = target.length() > 200 ? target.substring(0, 200) + "...(" + target.length() + ")"
                    : target;
            return method + " " + shownTarget + " " + headers + (chunked ? " chunked" : "") + " body: " + shownBody;
        }
    }

    /**
     * Random requests from one seed. Each starts as a well-formed call of a random endpoint (existing or new subjects,
     * real versions and ids, valid schemas that evolve compatibly or not, a writer's credentials) and then takes zero
     * to three mutations, so that the hostile part reaches every layer: the connector, the filters, the handler
     * mapping, argument conversion, JSON parsing, Avro, the compatibility check and the database.
     */
    private static final class Generator {

        /** Method, path template, body kind ("schema", "level" or none), query parameters. */
        private record Endpoint(String method, String path, String body, String... parameters) {
        }

        private static final Endpoint[] ENDPOINTS = {
                new Endpoint("GET", "/", null),
                new Endpoint("GET", "/schemas/types", null),
                new Endpoint("GET", "/subjects", null, "deleted", "subjectPrefix"),
                new Endpoint("POST", "/subjects/{s}/versions", "schema"),
                new Endpoint("POST", "/subjects/{s}/versions", "schema"),
                new Endpoint("POST", "/subjects/{s}", "schema", "deleted"),
                new Endpoint("GET", "/subjects/{s}/versions", null, "deleted"),
                new Endpoint("GET", "/subjects/{s}/versions/{v}", null, "deleted"),
                new Endpoint("GET", "/subjects/{s}/versions/{v}/schema", null, "deleted"),
                new Endpoint("GET", "/subjects/{s}/versions/{v}/referencedby", null),
                new Endpoint("GET", "/schemas/ids/{id}", null),
                new Endpoint("GET", "/schemas/ids/{id}/schema", null),
                new Endpoint("GET", "/schemas/ids/{id}/subjects", null, "deleted"),
                new Endpoint("GET", "/schemas/ids/{id}/versions", null, "deleted"),
                new Endpoint("GET", "/config", null),
                new Endpoint("PUT", "/config", "level"),
                new Endpoint("GET", "/config/{s}", null, "defaultToGlobal"),
                new Endpoint("PUT", "/config/{s}", "level"),
                new Endpoint("DELETE", "/config/{s}", null),
                new Endpoint("POST", "/compatibility/subjects/{s}/versions", "schema", "verbose"),
                new Endpoint("POST", "/compatibility/subjects/{s}/versions/{v}", "schema", "verbose"),
                new Endpoint("DELETE", "/subjects/{s}", null, "permanent"),
                new Endpoint("DELETE", "/subjects/{s}/versions/{v}", null, "permanent"),
                new Endpoint("GET", "/actuator/health", null)};
        private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE",
                "CONNECT", "FOO", "get", "M-SEARCH"};
        private static final String[] CONTENT_TYPES = {"application/json", "application/vnd.schemaregistry+json",
                "application/octet-stream", "text/plain", "application/xml", "application/json; charset=utf-16",
                "application/json; charset=nope", "garbage", "*/*", "application/*", "", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/json;;;", "application/json; charset=\"utf-8"};
        private static final String[] ACCEPTS = {"application/json", "*/*", "text/html", "application/xml",
                "garbage;q=x", "", "application/vnd.schemaregistry.v1+json;q=0", "*/*;q=abc"};
        private static final String[] LEVELS = {"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FULL",
                "full_transitive"};
        private static final String[] HOSTILE_VALUES = {"abc", "", "%ED%A0%80", "%", "%zz", "%00", "%C0%80",
                "%F0%9F%98%80", "%FF", "a+b%20c", "TRUE", "-1", "1e99"};

        private final Random random;
        private int fresh;

        Generator(Random random) {
            this.random = random;
        }

        FuzzRequest next() {
            Endpoint endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
            String method = endpoint.method();
            String subject = random.nextInt(4) == 0 ? "fuzz-new-" + (fresh++ % 8) + "-value"
                    : SUBJECTS.get(random.nextInt(SUBJECTS.size()));
            String version = pick(new String[] {"1", "2", "3", "latest", "-1"});
            String id = Integer.toString(1 + random.nextInt(8));
            String path = endpoint.path();
            StringBuilder query = new StringBuilder();
            for (String parameter : endpoint.parameters()) {
                if (random.nextBoolean()) {
                    query.append(query.isEmpty() ? "?" : "&").append(parameter).append('=')
                            .append(parameter.equals("subjectPrefix") ? "fuzz-" : random.nextBoolean() ? "true" : "false");
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", RegistryHttp.basic(WRITER));
            byte[] body = null;
            if (endpoint.body() != null) {
                headers.put("Content-Type", RegistryHttp.V1);
                body = endpoint.body().equals("level")
                        ? ("{\"compatibility\":\"" + pick(LEVELS) + "\"}").getBytes(StandardCharsets.UTF_8)
                        : json(Map.of("schema", record()));
            }
            boolean chunked = false;

            int mutations = pick(new int[] {0, 0, 1, 1, 1, 1, 2, 2, 2, 3});
            for (int m = 0; m < mutations; m++) {
                switch (random.nextInt(10)) {
                    case 0 -> method = pick(METHODS);
                    case 1 -> subject = hostileSubject();
                    case 2 -> {
                        version = hostileNumber();
                        id = hostileNumber();
                    }
                    case 3 -> query.append(query.isEmpty() ? "?" : "&")
                            .append(pick(new String[] {"deleted", "permanent", "verbose", "defaultToGlobal",
                                    "subjectPrefix", "%ED%A0%80", "", "x"}))
                            .append('=').append(pick(HOSTILE_VALUES));
                    case 4 -> headers.put("Content-Type", pick(CONTENT_TYPES));
                    case 5 -> headers.put("Accept", pick(ACCEPTS));
                    case 6 -> {
                        switch (random.nextInt(4)) {
                            case 0 -> headers.remove("Authorization");
                            case 1 -> headers.put("Authorization", RegistryHttp.basic("fuzz:wrong"));
                            case 2 -> headers.put("Authorization", RegistryHttp.basic("nobody:" + random.nextInt()));
                            default -> headers.put("Authorization", pick(new String[] {"Basic", "Basic %%%", "Bearer x",
                                    "Basic " + "A".repeat(random.nextInt(6_000))}));
                        }
                    }
                    case 7, 8 -> body = hostileBody();
                    default -> {
                        if (body != null) {
                            chunked = true;
                        } else {
                            path = pick(new String[] {path + "/", "/" + path, path.replace("/subjects", "/%73ubjects"),
                                    path + ";" + random.nextInt(9) + "=x", path.toUpperCase(Locale.ROOT),
                                    "/error", "/" + "a".repeat(random.nextInt(12_000)), "/contexts", "/mode/"});
                        }
                    }
                }
            }
            if (chunked) {
                headers.put("Transfer-Encoding", "chunked");
            }
            String target = path.replace("{s}", subject).replace("{v}", version).replace("{id}", id) + query;
            return new FuzzRequest(method, target, headers, body, chunked);
        }

        private String hostileSubject() {
            return switch (random.nextInt(11)) {
                case 0 -> "%ED%A0%80";
                case 1 -> "a%00b";
                case 2 -> "a%2Fb";
                case 3 -> "%FF%FE";
                case 4 -> "x".repeat(1 + random.nextInt(9_000));
                case 5 -> "%20";
                case 6 -> "..";
                case 7 -> "%C3%BC-%F0%9F%98%80";
                case 8 -> "%";
                case 9 -> new String(randomBytes(1 + random.nextInt(20), 0x21, 0x7e), StandardCharsets.ISO_8859_1)
                        .replace("?", "%3F").replace("#", "%23").replace("/", "%2F");
                default -> new String(randomBytes(1 + random.nextInt(10), 0x80, 0xff), StandardCharsets.ISO_8859_1);
            };
        }

        private String hostileNumber() {
            return pick(new String[] {"0", "-2", "2147483647", "2147483648", "9223372036854775808",
                    "1" + "0".repeat(random.nextInt(400)), "0x10", "NaN", "1e999", "1.5", "abc", "%ED%A0%80", "%00",
                    "LATEST", "%20"});
        }

        private byte[] hostileBody() {
            return switch (random.nextInt(13)) {
                case 0 -> randomBytes(random.nextInt(2_000), 0, 0xff);
                case 1 -> ("{\"schema\":\"" + new String(randomBytes(random.nextInt(200), 0x80, 0xff),
                        StandardCharsets.ISO_8859_1) + "\"}").getBytes(StandardCharsets.ISO_8859_1);
                case 2 -> ("{\"a\":".repeat(1 + random.nextInt(3_000)) + "1" + "}".repeat(random.nextInt(3_000)))
                        .getBytes(StandardCharsets.UTF_8);
                case 3 -> "[".repeat(1 + random.nextInt(3_000)).getBytes(StandardCharsets.UTF_8);
                case 4 -> json(Map.of("schema", nestedSchema(1 + random.nextInt(400))));
                case 5 -> ("{\"schema\": " + pick(new String[] {"1e999999", "-1e-999999", "99999999999999999999999",
                        "NaN", "Infinity", "-0", "1" + "0".repeat(2_000), "true", "null", "[]", "{}"}) + "}")
                        .getBytes(StandardCharsets.UTF_8);
                case 6 -> ("{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"" + pick(new String[] {"a",
                        "\\u0000", "\\ud800", ""}) + "\",\"subject\":\"" + pick(new String[] {"fuzz-0-value",
                        "\\u0000", "\\udfff", ""}) + "\",\"version\":" + pick(new String[] {"1", "0", "-1",
                        "99999999999999999999", "1.5", "\"1\"", "null"}) + "}]}").getBytes(StandardCharsets.UTF_8);
                case 7 -> ("{\"compatibility\":" + pick(new String[] {"\"sideways\"", "\"\"", "\"\\u0000\"", "1",
                        "null", "[]", "{}"}) + "}").getBytes(StandardCharsets.UTF_8);
                case 8 -> ("{\"schema\":\"" + pick(new String[] {"\\ud800", "\\u0000", "\\\"\\ud800\\\"",
                        "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"doc\\\":\\\"\\\\ud800\\\",\\\"fields\\\":[]}",
                        "{\\\"type\\\":\\\"fixed\\\",\\\"name\\\":\\\"X\\\",\\\"size\\\":99999999999999}",
                        "{\\\"type\\\":\\\"enum\\\",\\\"name\\\":\\\"E\\\",\\\"symbols\\\":[]}"})
                        + "\",\"schemaType\":\"" + pick(new String[] {"AVRO", "PROTOBUF", "JSON", "\\ud800", ""})
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                case 9 -> new byte[0];
                case 10 -> ("{\"schema\":\"" + "x".repeat(random.nextInt(300_000)) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                case 11 -> {
                    byte[] valid = json(Map.of("schema", record()));
                    yield Arrays.copyOf(valid, random.nextInt(valid.length));
                }
                default -> pick(new String[] {"[]", "null", "7", "\"x\"", "{\"schema\":{}}", "{\"schema\":[]}",
                        "{\"references\":{}}", "{\"schema\":\"\\\"int\\\"\",\"references\":\"x\"}"})
                        .getBytes(StandardCharsets.UTF_8);
            };
        }

        /** A record that evolves at random: fields with or without defaults, so registrations pass or conflict. */
        private String record() {
            StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"long\"}");
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                fields.append(",{\"name\":\"f").append(random.nextInt(6)).append("\",\"type\":")
                        .append(pick(new String[] {"\"int\"", "\"string\"", "[\"null\",\"long\"]", "\"bogus\""}))
                        .append(random.nextBoolean() ? ",\"default\":" + pick(new String[] {"null", "0", "\"\"",
                                "1e400", "[]"}) : "").append('}');
            }
            return "{\"type\":\"record\",\"name\":\"F" + random.nextInt(4) + "\",\"fields\":[" + fields + "]}";
        }

        private String nestedSchema(int depth) {
            StringBuilder open = new StringBuilder();
            StringBuilder close = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                if (random.nextBoolean()) {
                    open.append("{\"type\":\"array\",\"items\":");
                } else {
                    open.append("{\"type\":\"record\",\"name\":\"N").append(i).append("\",\"fields\":[{\"name\":\"f\","
                            + "\"type\":");
                    close.insert(0, "}]");
                }
                close.insert(0, "}");
            }
            return open + "\"int\"" + close;
        }

        private byte[] json(Map<String, String> fields) {
            return RegistryHttp.JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8);
        }

        private byte[] randomBytes(int length, int from, int to) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length);
            for (int i = 0; i < length; i++) {
                out.write(from + random.nextInt(to - from + 1));
            }
            return out.toByteArray();
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private int pick(int[] values) {
            return values[random.nextInt(values.length)];
        }
    }
}
