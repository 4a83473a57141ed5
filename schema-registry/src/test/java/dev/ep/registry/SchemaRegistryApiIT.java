package dev.ep.registry;

import static dev.ep.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.registry.RegistryHttp.Response;
import dev.ep.registry.core.CompatibilityFixtures;
import dev.ep.registry.core.CompatibilityLevel;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The REST API over real HTTP against a real PostgreSQL, one endpoint family at a time. Each test works on
 * subjects of its own; the one test that changes the global level puts it back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchemaRegistryApiIT {

    private static final String USER_V1 = CompatibilityFixtures.ID_NAME;
    private static final String USER_V2 = CompatibilityFixtures.ID_NAME_EMAIL_DEFAULT;

    /** The API is exercised as a writer; access itself is {@link WriteAuthenticationIT}'s subject. */
    static final String WRITER = "api-test:api-test-password";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Database database = TestPlatform.postgres().newDatabase("registry_api");
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("registry.auth.writer-user-info", () -> WRITER);
    }

    @LocalServerPort
    int port;

    RegistryHttp http;

    @BeforeEach
    void client() {
        http = new RegistryHttp("http://127.0.0.1:" + port).withBasicAuth(WRITER);
    }

    private static String subject(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    }

    // --- root, types, content types -------------------------------------------------------------------------

    @Test
    void shouldAnswerEmptyObjectAtRootAndAvroAsOnlySchemaType() {
        // when
        Response root = http.get("/");
        Response types = http.get("/schemas/types");

        // then
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.json().isObject()).isTrue();
        assertThat(root.json().size()).isZero();
        assertThat(types.json().toString()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void shouldAnswerConfluentContentTypeWhenClientAcceptsItOrAnything() {
        // when
        Response v1 = http.get("/schemas/types");
        Response any = http.get("/schemas/types", "*/*");
        Response plainJson = http.get("/schemas/types", "application/json");

        // then
        assertThat(v1.contentType()).startsWith(RegistryHttp.V1);
        assertThat(any.contentType()).startsWith(RegistryHttp.V1);
        assertThat(plainJson.contentType()).startsWith("application/json");
    }

    @Test
    void shouldAcceptRequestBodyWhenSentAsJsonOctetStreamOrWithoutContentType() {
        // given
        String subject = subject("media");

        // when
        Response asJson = http.post("/subjects/" + subject + "/versions", schemaBody(USER_V1), "application/json");
        Response asOctets = http.post("/subjects/" + subject + "/versions", schemaBody(USER_V1),
                "application/octet-stream");
        Response untyped = http.post("/subjects/" + subject + "/versions", schemaBody(USER_V1), null);

        // then
        assertThat(List.of(asJson.status(), asOctets.status(), untyped.status())).containsOnly(200);
        assertThat(asOctets.json().get("id")).isEqualTo(asJson.json().get("id"));
        assertThat(untyped.json().get("id")).isEqualTo(asJson.json().get("id"));
    }

    @Test
    void shouldReportHealthUp() {
        Response health = http.get("/actuator/health", "application/json");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    // --- registration and identity --------------------------------------------------------------------------

    @Test
    void shouldReturnSameIdAndVersionWhenSameSchemaIsRegisteredTwice() {
        // given
        String subject = subject("twice");
        int first = http.register(subject, USER_V1);

        // when
        int second = http.register(subject, USER_V1);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void shouldShareOneIdAcrossSubjectsWhenSchemasDifferOnlyInWhitespaceAndAttributeOrder() {
        // given
        String reordered = """
                { "fields": [ {"type": "long", "name": "id"}, {"type": "string", "name": "name"} ],
                  "namespace": "dev.ep.events.v1", "name": "User", "type": "record" }
                """;

        // when
        int one = http.register(subject("identity-a"), USER_V1);
        int other = http.register(subject("identity-b"), reordered);

        // then
        assertThat(other).isEqualTo(one);
    }

    @Test
    void shouldGiveNewIdAndNextVersionWhenSchemaChanges() {
        // given
        String subject = subject("evolve");
        int v1 = http.register(subject, USER_V1);

        // when
        int v2 = http.register(subject, USER_V2);

        // then
        assertThat(v2).isNotEqualTo(v1);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
        JsonNode latest = http.get("/subjects/" + subject + "/versions/latest").json();
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(v2);
    }

    // --- lookup ---------------------------------------------------------------------------------------------

    @Test
    void shouldFindSubjectVersionWhenLookingUpRegisteredSchema() {
        // given
        String subject = subject("lookup");
        int id = http.register(subject, USER_V1);

        // when
        Response found = http.post("/subjects/" + subject, schemaBody(USER_V1));

        // then
        assertThat(found.status()).isEqualTo(200);
        JsonNode body = found.json();
        assertThat(body.get("subject").asString()).isEqualTo(subject);
        assertThat(body.get("id").asInt()).isEqualTo(id);
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("schema").asString()).contains("\"name\":\"User\"");
    }

    @Test
    void shouldAnswer40403WhenLookedUpSchemaIsNotInSubjectAnd40401WhenSubjectIsUnknown() {
        // given
        String subject = subject("lookup-miss");
        http.register(subject, USER_V1);
        http.register(subject("elsewhere"), CompatibilityFixtures.ID);

        // when
        Response otherSchema = http.post("/subjects/" + subject, schemaBody(CompatibilityFixtures.ID));
        Response neverSeen = http.post("/subjects/" + subject, schemaBody(CompatibilityFixtures.ID_EMAIL_PHONE_DEFAULTS));
        Response noSubject = http.post("/subjects/" + subject("nobody"), schemaBody(USER_V1));

        // then
        assertError(otherSchema, 404, 40403);
        assertError(neverSeen, 404, 40403);
        assertError(noSubject, 404, 40401);
    }

    // --- subjects and versions ------------------------------------------------------------------------------

    @Test
    void shouldListSubjectsAndServeEachVersionAndItsRawSchema() {
        // given
        String subject = subject("listing");
        int id = http.register(subject, USER_V1);
        http.register(subject, USER_V2);

        // when
        JsonNode subjects = http.get("/subjects").json();
        JsonNode version1 = http.get("/subjects/" + subject + "/versions/1").json();
        Response raw = http.get("/subjects/" + subject + "/versions/1/schema");

        // then
        assertThat(subjects.toString()).contains("\"" + subject + "\"");
        assertThat(version1.get("subject").asString()).isEqualTo(subject);
        assertThat(version1.get("version").asInt()).isEqualTo(1);
        assertThat(version1.get("id").asInt()).isEqualTo(id);
        assertThat(version1.has("schemaType")).isFalse();
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.json().get("name").asString()).isEqualTo("User");
        assertThat(raw.body()).isEqualTo(version1.get("schema").asString());
        assertThat(http.get("/subjects?subjectPrefix=" + subject.substring(0, 12)).json().toString())
                .isEqualTo("[\"" + subject + "\"]");
    }

    @Test
    void shouldAnswerVersionErrorsWhenVersionIsMissingInvalidOrSubjectUnknown() {
        // given
        String subject = subject("versions");
        http.register(subject, USER_V1);

        // then
        assertError(http.get("/subjects/" + subject + "/versions/9"), 404, 40402);
        assertError(http.get("/subjects/" + subject + "/versions/0"), 422, 42202);
        assertError(http.get("/subjects/" + subject + "/versions/one"), 422, 42202);
        assertError(http.get("/subjects/" + subject + "/versions/one/schema"), 422, 42202);
        assertError(http.get("/subjects/" + subject("unknown") + "/versions"), 404, 40401);
        assertError(http.get("/subjects/" + subject("unknown") + "/versions/latest"), 404, 40401);
    }

    // --- schemas by id --------------------------------------------------------------------------------------

    @Test
    void shouldServeSchemaByIdWithItsSubjectsAndVersions() {
        // given
        String a = subject("by-id-a");
        String b = subject("by-id-b");
        String unique = uniqueRecord();
        int id = http.register(a, unique);
        http.register(b, "\"long\"");
        http.put("/config/" + b, "{\"compatibility\":\"NONE\"}");
        http.register(b, unique);

        // when
        Response schema = http.get("/schemas/ids/" + id);
        Response subjects = http.get("/schemas/ids/" + id + "/subjects");
        Response versions = http.get("/schemas/ids/" + id + "/versions");
        Response raw = http.get("/schemas/ids/" + id + "/schema");

        // then
        assertThat(schema.status()).isEqualTo(200);
        assertThat(RegistryHttp.JSON.readTree(schema.json().get("schema").asString()))
                .isEqualTo(RegistryHttp.JSON.readTree(unique));
        assertThat(subjects.json().toString()).isEqualTo("[\"" + a + "\",\"" + b + "\"]");
        assertThat(versions.json().toString()).isEqualTo(
                "[{\"subject\":\"" + a + "\",\"version\":1},{\"subject\":\"" + b + "\",\"version\":2}]");
        assertThat(raw.body()).isEqualTo(schema.json().get("schema").asString());
    }

    @Test
    void shouldAnswer40403WhenSchemaIdIsUnknownOrNotANumber() {
        assertError(http.get("/schemas/ids/999999"), 404, 40403);
        assertError(http.get("/schemas/ids/999999/subjects"), 404, 40403);
        assertError(http.get("/schemas/ids/999999/versions"), 404, 40403);
        assertError(http.get("/schemas/ids/abc"), 404, 40403);
        assertError(http.get("/schemas/ids/-1"), 404, 40403);
    }

    // --- config ---------------------------------------------------------------------------------------------

    @Test
    void shouldReadAndUpdateGlobalCompatibilityLevel() {
        // given
        assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
        try {
            // when
            Response updated = http.put("/config", "{\"compatibility\":\"FULL\"}");

            // then
            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.json().get("compatibility").asString()).isEqualTo("FULL");
            assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("FULL");
        } finally {
            http.put("/config", "{\"compatibility\":\"BACKWARD\"}");
        }
    }

    @Test
    void shouldKeepSubjectLevelApartFromGlobalAndFallBackOnlyWhenAsked() {
        // given
        String subject = subject("config");

        // when
        Response before = http.get("/config/" + subject);
        Response fallback = http.get("/config/" + subject + "?defaultToGlobal=true");
        Response updated = http.put("/config/" + subject, "{\"compatibility\":\"forward_transitive\"}");
        Response after = http.get("/config/" + subject);
        Response deleted = http.delete("/config/" + subject);

        // then
        assertError(before, 404, 40408);
        assertThat(fallback.json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
        assertThat(updated.json().get("compatibility").asString()).isEqualTo("FORWARD_TRANSITIVE");
        assertThat(after.json().get("compatibilityLevel").asString()).isEqualTo("FORWARD_TRANSITIVE");
        assertThat(deleted.json().get("compatibilityLevel").asString()).isEqualTo("FORWARD_TRANSITIVE");
        assertError(http.get("/config/" + subject), 404, 40408);
        assertError(http.delete("/config/" + subject), 404, 40408);
    }

    @Test
    void shouldAnswer42203WhenCompatibilityLevelIsInvalid() {
        assertError(http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203);
        assertError(http.put("/config/" + subject("bad-level"), "{\"compatibility\":\"\"}"), 422, 42203);
        assertError(http.put("/config/" + subject("no-level"), "{}"), 422, 42203);
        assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
    }

    // --- compatibility --------------------------------------------------------------------------------------

    static Stream<CompatibilityFixtures.Case> levels() {
        return Stream.of(CompatibilityFixtures.cases());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("levels")
    void shouldRegisterCompatibleAndRefuseIncompatibleChangeForEachLevel(CompatibilityFixtures.Case level) {
        // given
        String subject = subject("level-" + level.level().name().toLowerCase());
        http.put("/config/" + subject, "{\"compatibility\":\"" + level.level() + "\"}");
        level.history().forEach(schema -> http.register(subject, schema));
        int versionsBefore = level.history().size();

        // when
        Response incompatible = http.post("/subjects/" + subject + "/versions", schemaBody(level.incompatible()));
        Response compatible = http.post("/subjects/" + subject + "/versions", schemaBody(level.compatible()));

        // then
        assertError(incompatible, 409, 409);
        assertThat(incompatible.json().get("message").asString()).contains("incompatible").contains(level.level().name());
        assertThat(compatible.status()).as(compatible.body()).isEqualTo(200);
        assertThat(http.get("/subjects/" + subject + "/versions/latest").json().get("version").asInt())
                .isEqualTo(versionsBefore + 1);
    }

    @Test
    void shouldAcceptAnyChangeWhenLevelIsNone() {
        // given
        String subject = subject("level-none");
        http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
        http.register(subject, USER_V1);

        // when
        Response unrelated = http.post("/subjects/" + subject + "/versions", schemaBody("\"int\""));

        // then
        assertThat(unrelated.status()).isEqualTo(200);
    }

    @Test
    void shouldTellCompatibilityWithoutRegisteringAndExplainWhenVerbose() {
        // given
        String subject = subject("check");
        http.register(subject, USER_V1);
        String path = "/compatibility/subjects/" + subject + "/versions/latest";

        // when
        Response good = http.post(path, schemaBody(USER_V2));
        Response bad = http.post(path, schemaBody(CompatibilityFixtures.ID_NAME_EMAIL));
        Response badVerbose = http.post(path + "?verbose=true", schemaBody(CompatibilityFixtures.ID_NAME_EMAIL));
        Response byNumber = http.post("/compatibility/subjects/" + subject + "/versions/1", schemaBody(USER_V2));
        Response byLevel = http.post("/compatibility/subjects/" + subject + "/versions", schemaBody(USER_V2));

        // then
        assertThat(good.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(bad.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(bad.json().has("messages")).isFalse();
        assertThat(badVerbose.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(byNumber.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(byLevel.json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void shouldAnswerNotFoundWhenCheckingAgainstUnknownSubjectOrVersion() {
        String subject = subject("check-miss");
        http.register(subject, USER_V1);
        assertError(http.post("/compatibility/subjects/" + subject("none") + "/versions/latest", schemaBody(USER_V1)),
                404, 40401);
        assertError(http.post("/compatibility/subjects/" + subject + "/versions/5", schemaBody(USER_V1)), 404, 40402);
        assertError(http.post("/compatibility/subjects/" + subject + "/versions/x", schemaBody(USER_V1)), 422, 42202);
        assertError(http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaBody("{")), 422, 42201);
    }

    // --- deletion -------------------------------------------------------------------------------------------

    @Test
    void shouldSoftDeleteSubjectThenDeletePermanentlyOnlyAfterwards() {
        // given
        String subject = subject("delete-subject");
        int id = http.register(subject, USER_V1);
        http.register(subject, USER_V2);
        http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");

        // when: permanent before soft is refused, soft delete answers the versions
        assertError(http.delete("/subjects/" + subject + "?permanent=true"), 404, 40405);
        Response soft = http.delete("/subjects/" + subject);

        // then
        assertThat(soft.status()).isEqualTo(200);
        assertThat(soft.json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects").json().toString()).doesNotContain(subject);
        assertThat(http.get("/subjects?deleted=true").json().toString()).contains(subject);
        assertError(http.get("/subjects/" + subject + "/versions"), 404, 40401);
        assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/" + subject + "/versions/1?deleted=true").json().get("id").asInt()).isEqualTo(id);
        assertError(http.get("/config/" + subject), 404, 40408);
        assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
        assertError(http.delete("/subjects/" + subject), 404, 40404);

        // and when: deleted permanently
        Response permanent = http.delete("/subjects/" + subject + "?permanent=true");

        // then
        assertThat(permanent.json().toString()).isEqualTo("[1,2]");
        assertError(http.get("/subjects/" + subject + "/versions?deleted=true"), 404, 40401);
        assertError(http.delete("/subjects/" + subject), 404, 40401);
    }

    @Test
    void shouldSoftDeleteVersionAndNumberTheNextRegistrationAfterIt() {
        // given
        String subject = subject("delete-version");
        int id = http.register(subject, USER_V1);
        http.register(subject, USER_V2);

        // when
        Response deleted = http.delete("/subjects/" + subject + "/versions/2");

        // then
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("2");
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        assertError(http.get("/subjects/" + subject + "/versions/2"), 404, 40402);
        assertError(http.delete("/subjects/" + subject + "/versions/2"), 404, 40406);
        assertError(http.delete("/subjects/" + subject + "/versions/1?permanent=true"), 404, 40407);
        assertError(http.delete("/subjects/" + subject + "/versions/7"), 404, 40402);
        assertError(http.delete("/subjects/" + subject + "/versions/zero"), 422, 42202);
        assertError(http.delete("/subjects/" + subject("gone") + "/versions/1"), 404, 40401);

        // and when: the deleted schema comes back, and version 2 is deleted for good
        int again = http.register(subject, USER_V2);
        Response permanent = http.delete("/subjects/" + subject + "/versions/2?permanent=true");

        // then
        assertThat(again).isNotEqualTo(id);
        assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,3]");
        assertThat(permanent.body()).isEqualTo("2");
        assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,3]");
    }

    // --- references -----------------------------------------------------------------------------------------

    @Test
    void shouldRegisterSchemaWithReferenceAndRefuseDeletingTheReferencedVersion() {
        // given
        String addressSubject = subject("address");
        String customerSubject = subject("customer");
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"dev.ep.events.v1\","
                + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
        String customer = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"dev.ep.events.v1\","
                + "\"fields\":[{\"name\":\"home\",\"type\":\"Address\"}]}";
        http.register(addressSubject, address);
        List<Map<String, Object>> references = List.of(
                Map.of("name", "dev.ep.events.v1.Address", "subject", addressSubject, "version", 1));

        // when
        Response registered = http.post("/subjects/" + customerSubject + "/versions", schemaBody(customer, references));

        // then
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        int id = registered.json().get("id").asInt();
        JsonNode version = http.get("/subjects/" + customerSubject + "/versions/1").json();
        assertThat(version.get("references").get(0).get("subject").asString()).isEqualTo(addressSubject);
        assertThat(http.get("/schemas/ids/" + id).json().get("references").size()).isEqualTo(1);
        assertThat(http.get("/subjects/" + addressSubject + "/versions/1/referencedby").json().toString())
                .isEqualTo("[" + id + "]");
        assertError(http.delete("/subjects/" + addressSubject + "/versions/1"), 422, 42206);
        assertError(http.post("/subjects/" + customerSubject + "/versions", schemaBody(customer)), 422, 42201);
    }

    // --- bad input ------------------------------------------------------------------------------------------

    @Test
    void shouldAnswerConfluentErrorBodyWhenRequestIsMalformed() {
        String subject = subject("bad-input");
        String versions = "/subjects/" + subject + "/versions";

        assertError(http.post(versions, "{\"schema\": "), 400, 400);
        assertError(http.post(versions, "not json at all"), 400, 400);
        assertError(http.post(versions, ""), 400, 400);
        assertError(http.post(versions, "[1,2]"), 422, 422);
        assertError(http.post(versions, "{\"schema\": {\"type\": \"string\"}}"), 422, 422);
        assertError(http.post(versions, "{}"), 422, 42201);
        assertError(http.post(versions, schemaBody("{\"type\":\"record\",\"name\":\"NoFields\"}")), 422, 42201);
        assertError(http.post(versions, schemaBody("{\"type\":\"strnig\"}")), 422, 42201);
        assertError(http.post(versions, "{\"schema\":\"syntax\", \"schemaType\":\"PROTOBUF\"}"), 422, 42201);
        assertError(http.post(versions, schemaBody("\"string\"") .replace("}", ",\"references\":[{\"name\":\"x\"}]}")),
                422, 42201);
        assertError(http.post("/subjects/%20/versions", schemaBody(USER_V1)), 422, 42208);
        assertError(http.put("/config", "{\"compatibility\": "), 400, 400);
        assertError(http.post(versions, schemaBody(USER_V1), "text/plain"), 415, 415);
        assertError(http.get("/no/such/route"), 404, 404);
        assertError(http.put("/subjects", "{}"), 405, 405);
        assertThat(http.get("/subjects/" + subject + "/versions").status()).isEqualTo(404);
    }

    /** A schema no other test registers, so its id belongs to this test alone. */
    private static String uniqueRecord() {
        return "{\"type\":\"record\",\"name\":\"U" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    }

    private static void assertError(Response response, int status, int errorCode) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).as("content type of %s", response).contains("json");
        JsonNode body = response.json();
        assertThat(body.get("error_code").asInt()).as("error_code of %s", response).isEqualTo(errorCode);
        assertThat(body.get("message").asString()).as("message of %s", response).isNotBlank();
    }

    static {
        // CompatibilityLevel is referenced so a rename of a level breaks this test at compile time, not at run time.
        assertThat(CompatibilityLevel.values()).hasSize(7);
    }
}
