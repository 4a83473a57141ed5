package dev.ep.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The request size limit over real HTTP: a body over the limit is refused with 413 and Confluent's body whether it
 * declares its length or arrives in chunks without one, on open and on authenticated endpoints; a body at the limit
 * is read as usual. The default limit is 1 MiB ({@code registry.limits.max-request-size}).
 */
class RequestSizeLimitIT {

    private static final int MIB = 1 << 20;

    /** {"schema":"\"string\""} padded with trailing spaces to exactly {@code size} bytes: valid JSON of that size. */
    private static byte[] schemaBodyOfSize(int size) {
        byte[] start = "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(start, size);
        Arrays.fill(body, start.length, size, (byte) ' ');
        return body;
    }

    private static RawReply post(int rawPort, String path, byte[] body, boolean chunked) throws IOException {
        Map<String, String> headers = chunked
                ? Map.of("Content-Type", RegistryHttp.V1, "Transfer-Encoding", "chunked",
                        "Authorization", RegistryHttp.basic(AuthenticatedRegistry.ALICE))
                : Map.of("Content-Type", RegistryHttp.V1, "Authorization", RegistryHttp.basic(AuthenticatedRegistry.ALICE));
        return RawHttp.once(rawPort, RegistryHttp.rawRequest("POST", path.getBytes(StandardCharsets.US_ASCII), headers,
                chunked ? RawRequest.chunks(body, 8_192) : body));
    }

    private static void assertTooLarge(RawReply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(413);
        assertThat(reply.header("Content-Type")).startsWith(RegistryHttp.V1);
        assertThat(RegistryHttp.json(reply).get("error_code").asInt()).isEqualTo(413);
        assertThat(RegistryHttp.json(reply).get("message").asString()).contains("limit");
    }

    private static String subject() {
        return "size-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    }

    @Test
    void shouldAnswer413WhenADeclaredLengthIsOverTheDefaultLimit() throws IOException {
        // when
        RawReply reply = post(AuthenticatedRegistry.rawPort(), "/subjects/" + subject() + "/versions",
                schemaBodyOfSize(MIB + 1), false);

        // then
        assertTooLarge(reply);
    }

    @Test
    void shouldAnswer413WhenAChunkedBodyWithoutLengthGrowsOverTheDefaultLimit() throws IOException {
        // when
        RawReply register = post(AuthenticatedRegistry.rawPort(), "/subjects/" + subject() + "/versions",
                schemaBodyOfSize(MIB + 1), true);
        RawReply lookup = post(AuthenticatedRegistry.rawPort(), "/subjects/" + subject(), schemaBodyOfSize(MIB + 1), true);

        // then
        assertTooLarge(register);
        assertTooLarge(lookup);
    }

    @Test
    void shouldAnswer413WhenTheJdkClientStreamsABodyOfUnknownLength() {
        // given: HttpClient sends a publisher of unknown length chunked
        RegistryHttp http = AuthenticatedRegistry.writer();
        HttpRequest request = HttpRequest.newBuilder(URI.create(AuthenticatedRegistry.get().url()
                        + "/compatibility/subjects/" + subject() + "/versions"))
                .header("Content-Type", RegistryHttp.V1).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(schemaBodyOfSize(MIB + 1))))
                .build();

        // when
        RegistryHttp.Response response = http.send(request);

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo(413);
    }

    @Test
    void shouldReadABodyOfExactlyTheLimitWhenItIsChunkedOrNot() throws IOException {
        // given
        String subject = subject();

        // when
        RawReply declared = post(AuthenticatedRegistry.rawPort(), "/subjects/" + subject + "/versions", schemaBodyOfSize(MIB),
                false);
        RawReply chunked = post(AuthenticatedRegistry.rawPort(), "/subjects/" + subject + "/versions", schemaBodyOfSize(MIB),
                true);

        // then
        assertThat(declared.status()).as("%s", declared).isEqualTo(200);
        assertThat(chunked.status()).as("%s", chunked).isEqualTo(200);
        assertThat(RegistryHttp.json(chunked).get("id")).isEqualTo(RegistryHttp.json(declared).get("id"));
    }

    @Test
    void shouldApplyTheConfiguredLimitWhenOneIsSet() throws IOException {
        // given
        Database database = TestPlatform.postgres().newDatabase("registry_small_limit");
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(),
                database.password(), Map.of("registry.limits.max-request-size", "2KB",
                        "registry.auth.writer-user-info", AuthenticatedRegistry.ALICE))) {
            int port = URI.create(registry.url()).getPort();

            // when
            RawReply atLimit = post(port, "/subjects/" + subject() + "/versions", schemaBodyOfSize(2_048), true);
            RawReply overLimit = post(port, "/subjects/" + subject() + "/versions", schemaBodyOfSize(2_049), true);

            // then
            assertThat(atLimit.status()).as("%s", atLimit).isEqualTo(200);
            assertTooLarge(overLimit);
        }
    }
}
