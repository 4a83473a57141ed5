package dev.ep.registry;

import static dev.ep.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.registry.RegistryHttp.Response;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write authentication over real HTTP: reads (and the side-effect-free POSTs: lookup and compatibility checks) are
 * open; every write needs a writer's basic-auth credentials, whichever form configured them (a hash in
 * {@code registry.auth.writers}, or clear text in {@code registry.auth.writer-user-info}) and however its path is
 * spelt. A refused write answers Confluent's 401 with a {@code WWW-Authenticate: Basic} challenge and changes nothing.
 */
class WriteAuthenticationIT {

    private static RegistryHttp anonymous;
    private static RegistryHttp alice;
    private static RegistryHttp bob;
    private static int rawPort;

    @BeforeAll
    static void clients() {
        anonymous = AuthenticatedRegistry.anonymous();
        alice = anonymous.withBasicAuth(AuthenticatedRegistry.ALICE);
        bob = anonymous.withBasicAuth(AuthenticatedRegistry.BOB);
        rawPort = AuthenticatedRegistry.rawPort();
    }

    private static String subject() {
        return "auth-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    }

    private static String record(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    }

    /** Every write of the API, on a subject with one version. */
    private static List<String[]> writes(String subject) {
        return List.of(
                new String[] {"POST", "/subjects/" + subject + "/versions", schemaBody(record("Other"))},
                new String[] {"PUT", "/config", "{\"compatibility\":\"NONE\"}"},
                new String[] {"PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}"},
                new String[] {"DELETE", "/config/" + subject, null},
                new String[] {"DELETE", "/subjects/" + subject, null},
                new String[] {"DELETE", "/subjects/" + subject + "?permanent=true", null},
                new String[] {"DELETE", "/subjects/" + subject + "/versions/1", null},
                new String[] {"DELETE", "/subjects/" + subject + "/versions/latest?permanent=true", null});
    }

    @Test
    void shouldAnswer401WithChallengeAndChangeNothingWhenAWriteHasNoOrWrongCredentials() {
        // given
        String subject = subject();
        alice.register(subject, record("First"));
        alice.put("/config/" + subject, "{\"compatibility\":\"FULL\"}");
        List<RegistryHttp> strangers = List.of(anonymous, anonymous.withBasicAuth("alice:wrong"),
                anonymous.withBasicAuth("mallory:alice-password"), anonymous.withBasicAuth("alice"));

        for (String[] write : writes(subject)) {
            for (RegistryHttp stranger : strangers) {
                // when
                Response response = stranger.send(write[0], write[1], write[2]);

                // then
                String what = write[0] + " " + write[1];
                assertThat(response.status()).as(what).isEqualTo(401);
                assertThat(response.errorCode()).as(what).isEqualTo(401);
                assertThat(response.json().get("message").asString()).as(what).startsWith("Unauthorized");
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Basic realm="));
            }
        }
        assertThat(anonymous.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        assertThat(anonymous.get("/config/" + subject).json().get("compatibilityLevel").asString()).isEqualTo("FULL");
        assertThat(anonymous.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
    }

    @Test
    void shouldAcceptWritesWhenAHashedOrAClearTextWriterAuthenticates() {
        // given
        String subject = subject();

        // when
        int id = alice.register(subject, record("First"));
        Response level = bob.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        int second = bob.register(subject, record("Second"));
        Response deleted = alice.delete("/subjects/" + subject + "/versions/1");

        // then
        assertThat(id).isPositive();
        assertThat(level.status()).isEqualTo(200);
        assertThat(second).isNotEqualTo(id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(anonymous.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
    }

    @Test
    void shouldServeReadsLookupsAndCompatibilityChecksWithoutCredentials() {
        // given
        String subject = subject();
        int id = alice.register(subject, record("First"));

        // when
        List<Response> reads = List.of(
                anonymous.get("/subjects"),
                anonymous.get("/subjects/" + subject + "/versions/latest"),
                anonymous.get("/schemas/ids/" + id),
                anonymous.get("/config"),
                anonymous.post("/subjects/" + subject, schemaBody(record("First"))),
                anonymous.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody(record("First"))),
                anonymous.post("/compatibility/subjects/" + subject + "/versions", schemaBody(record("First"))));

        // then
        assertThat(reads).allSatisfy(response -> assertThat(response.status()).as("%s", response).isEqualTo(200));
        assertThat(reads.get(4).json().get("id").asInt()).isEqualTo(id);
        assertThat(reads.get(5).json().get("is_compatible").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/subjects/{s};x=1/versions", "/subjects/{s}/versions;x=1", "/%73ubjects/{s}/versions",
            "/subjects/%61{s}/versions", "/subjects/{s}/%76ersions", "//subjects/{s}/versions", "/SUBJECTS/{s}/versions",
            "/subjects/{s}/versions/", "/./subjects/{s}/versions", "/config/../subjects/{s}/versions",
            "/subjects/{s}/versions?x=1", "/subjects/{s}/versions#x"})
    void shouldNeverRegisterAnonymouslyWhateverThePathSpelling(String spelling) throws Exception {
        // given
        String subject = subject();
        byte[] body = schemaBody(record("Sneaky")).getBytes(StandardCharsets.UTF_8);

        // when
        RawReply reply = RawHttp.once(rawPort, RegistryHttp.rawRequest("POST",
                spelling.replace("{s}", subject).getBytes(StandardCharsets.US_ASCII),
                Map.of("Content-Type", RegistryHttp.V1), body));

        // then
        assertThat(reply.status()).as("%s -> %s", spelling, reply).isIn(400, 401, 404, 405);
        assertThat(RegistryHttp.json(reply).get("error_code").asInt()).as("%s", reply).isPositive();
        assertThat(anonymous.get("/subjects").json().toString()).doesNotContain(subject.substring(5, 13));
    }
}
