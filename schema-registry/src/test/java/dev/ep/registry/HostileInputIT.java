package dev.ep.registry;

import static dev.ep.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile inputs of issue 9, each answered with a 4xx and Confluent's error body, never a 5xx, over real HTTP.
 * Writes carry a writer's credentials, so that the body is what the registry refuses. {@link RegistryFuzzIT} looks
 * for the ones nobody listed.
 */
class HostileInputIT {

    private static int rawPort;
    private static String subject;

    @BeforeAll
    static void registerOneSchema() {
        rawPort = AuthenticatedRegistry.rawPort();
        subject = "hostile-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
        AuthenticatedRegistry.writer().register(subject, "\"string\"");
    }

    private static RawReply send(String method, String target, String contentType, byte[] body) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", RegistryHttp.basic(AuthenticatedRegistry.ALICE));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return RawHttp.once(rawPort, RegistryHttp.rawRequest(method, target.replace("{s}", subject)
                .getBytes(StandardCharsets.ISO_8859_1), headers, body));
    }

    private static RawReply send(String method, String target) throws IOException {
        return send(method, target, null, method.equals("POST") ? schemaBody("\"string\"")
                .getBytes(StandardCharsets.UTF_8) : null);
    }

    private static void assertConfluentError(RawReply reply, int status, int errorCode) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as("%s", reply).startsWith(RegistryHttp.V1);
        assertThat(RegistryHttp.json(reply).get("error_code").asInt()).as("%s", reply).isEqualTo(errorCode);
        assertThat(RegistryHttp.json(reply).get("message").asString()).as("%s", reply).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /subjects?deleted=abc", "GET /subjects/{s}/versions?deleted=abc",
            "GET /subjects/{s}/versions/1?deleted=abc", "GET /subjects/{s}/versions/latest/schema?deleted=2",
            "GET /schemas/ids/1/subjects?deleted=tru", "GET /schemas/ids/1/versions?deleted=%20%20",
            "GET /config/{s}?defaultToGlobal=maybe", "POST /subjects/{s}?deleted=abc",
            "POST /compatibility/subjects/{s}/versions/latest?verbose=abc",
            "POST /compatibility/subjects/{s}/versions?verbose=%E2%9C%93", "DELETE /subjects/{s}?permanent=abc",
            "DELETE /subjects/{s}/versions/1?permanent=2"})
    void shouldAnswer400NamingTheParameterWhenABooleanParameterIsNotABoolean(String request) throws IOException {
        // when
        String[] parts = request.split(" ");
        RawReply reply = send(parts[0], parts[1]);

        // then
        assertConfluentError(reply, 400, 400);
        assertThat(RegistryHttp.json(reply).get("message").asString()).contains("parameter '");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /subjects?x=%ED%A0%80", "GET /subjects?%ED%A0%80=1", "GET /subjects?deleted=%ED%A0%80",
            "GET /subjects?subjectPrefix=%ED%B0%80", "GET /subjects/{s}/versions?deleted=%ED%A0%80",
            "GET /config/{s}?defaultToGlobal=%ED%A0%80", "POST /subjects/{s}/versions?x=%ED%A0%80",
            "POST /subjects/{s}?deleted=%ED%A0%80", "DELETE /subjects/{s}?permanent=%ED%A0%80",
            "GET /actuator/health?x=%ED%A0%80", "GET /no/such/route?x=%ED%A0%80", "GET /subjects?x=%",
            "GET /subjects?x=%zz", "GET /subjects?x=%00", "GET /subjects?x=%FF", "GET /subjects?x=%C0%80",
            "GET /subjects/%ED%A0%80/versions", "GET /config/%ED%A0%80", "POST /subjects/%ED%A0%80/versions",
            "DELETE /subjects/%ED%A0%80", "GET /subjects/a%2Fb/versions", "GET /subjects/a%00b/versions",
            "GET /subjects/%FF/versions", "GET /subjects/x%zz/versions", "GET /schemas/ids/%ED%A0%80",
            "GET /schemas/ids/1/versions?deleted=false&=1e99", "GET /subjects?=x"})
    void shouldAnswer400WhenQueryOrPathDoesNotDecodeToText(String request) throws IOException {
        // when
        String[] parts = request.split(" ");
        RawReply reply = send(parts[0], parts[1]);

        // then
        assertConfluentError(reply, 400, 400);
    }

    @Test
    void shouldAnswer400WithoutBodyWhenAHeadRequestHoldsAnEncodedLoneSurrogate() throws IOException {
        assertThat(send("HEAD", "/subjects?format=%ED%A0%80").status()).isEqualTo(400);
        assertThat(send("HEAD", "/subjects/%ED%A0%80/versions").status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"schema\": ", "not json", "\u00ff\u00fe\u00ed\u00a0\u0080", "{\"schema\":\"\u00ed\u00a0\u0080\"}",
            "{\"schema\": 1e999999}", "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"a\",\"subject\":\"b\","
            + "\"version\":99999999999999999999}]}", "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"a\","
            + "\"subject\":\"b\\u0000\",\"version\":1}]}", "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":"
            + "\"\\ud800\",\"subject\":\"b\",\"version\":1}]}", "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":"
            + "\\\"R\\\",\\\"doc\\\":\\\"\\\\u0000\\\\ud800\\\",\\\"fields\\\":[]}\"}", "{\"schema\":\"\\ud800\"}",
            "{\"schema\":\"\\u0000\"}", "{\"schema\":\"{\\\"type\\\":\\\"fixed\\\",\\\"name\\\":\\\"F\\\",\\\"size\\\":"
            + "99999999999999999999}\"}", "{\"schema\":\"\\\"string\\\"\",\"schemaType\":\"\\ud800\"}", "[]", "null",
            "7", "\"x\""})
    void shouldAnswer4xxWithConfluentBodyWhenTheBodyIsHostile(String body) throws IOException {
        // given: the text's chars as bytes, so that \u00ff and friends arrive as raw (invalid UTF-8) bytes
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);

        for (String endpoint : new String[] {"/subjects/{s}/versions", "/subjects/{s}",
                "/compatibility/subjects/{s}/versions/latest"}) {
            // when
            RawReply reply = send("POST", endpoint, RegistryHttp.V1, bytes);

            // then
            assertThat(reply.status()).as("%s %s", endpoint, reply).isBetween(400, 499);
            assertThat(RegistryHttp.json(reply).get("error_code").asInt()).as("%s", reply).isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void shouldAnswer4xxWhenJsonOrSchemaNestsTooDeep() throws IOException {
        // given
        String deepJson = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        String deepArrays = "\"int\"";
        for (int i = 0; i < 900; i++) {
            deepArrays = "{\"type\":\"array\",\"items\":" + deepArrays + "}";
        }
        String deepSchema = schemaBody(deepArrays);

        // when
        RawReply json = send("POST", "/subjects/{s}/versions", RegistryHttp.V1, deepJson.getBytes(StandardCharsets.UTF_8));
        RawReply schema = send("POST", "/subjects/{s}/versions", RegistryHttp.V1,
                deepSchema.getBytes(StandardCharsets.UTF_8));
        RawReply check = send("POST", "/compatibility/subjects/{s}/versions", RegistryHttp.V1,
                deepSchema.getBytes(StandardCharsets.UTF_8));

        // then
        assertConfluentError(json, 400, 400);
        assertConfluentError(schema, 422, 42201);
        assertConfluentError(check, 422, 42201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "multipart/form-data; boundary=x", "garbage",
            "application/json; charset=nope", "application/x-www-form-urlencoded"})
    void shouldAnswer415WhenTheContentTypeIsWrong(String contentType) throws IOException {
        for (String endpoint : new String[] {"/subjects/{s}/versions", "/subjects/{s}", "/config/{s}"}) {
            String method = endpoint.startsWith("/config") ? "PUT" : "POST";
            assertConfluentError(send(method, endpoint, contentType, "schema=x".getBytes(StandardCharsets.UTF_8)),
                    415, 415);
        }
    }

    @Test
    void shouldAnswer400WhenTheQueryHasMoreParametersThanAnyEndpointTakes() throws IOException {
        assertConfluentError(send("GET", "/subjects?" + "deleted=true&".repeat(1_001)), 400, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*", "*/*; q=0.5"})
    void shouldAnswer415WhenTheContentTypeIsAWildcard(String contentType) throws IOException {
        assertConfluentError(send("GET", "/subjects", contentType, null), 415, 415);
        assertConfluentError(send("POST", "/subjects/{s}/versions", contentType,
                schemaBody("\"string\"").getBytes(StandardCharsets.UTF_8)), 415, 415);
    }

    @Test
    void shouldAnswerConfluentBodyWhenTomcatOrTheErrorPageAnswers() throws IOException {
        assertConfluentError(send("TRACE", "/subjects"), 405, 405);
        assertConfluentError(send("CONNECT", "/subjects"), 405, 405);
        assertConfluentError(send("PATCH", "/config"), 405, 405);
        assertConfluentError(send("FOO", "/subjects"), 405, 405);
        assertConfluentError(send("GET", "/error"), 404, 404);
        assertConfluentError(send("POST", "/error"), 404, 404);
        assertConfluentError(send("GET", "/" + "a".repeat(20_000)), 400, 400);
        assertConfluentError(RawHttp.once(rawPort, RegistryHttp.rawRequest("POST", ("/subjects/" + subject + "/versions")
                .getBytes(StandardCharsets.US_ASCII), Map.of("Content-Type", RegistryHttp.V1, "Transfer-Encoding",
                "chunked", "Authorization", RegistryHttp.basic(AuthenticatedRegistry.ALICE)),
                "zz\r\nnot a chunk\r\n".getBytes(StandardCharsets.US_ASCII))), 400, 400);
    }
}
