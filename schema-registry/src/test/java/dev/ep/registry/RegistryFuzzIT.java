package dev.ep.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.registry.auth.PasswordHash;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.fuzz.FuzzReport;
import dev.ep.testsupport.fuzz.FuzzSettings;
import dev.ep.testsupport.fuzz.Fuzzer;
import dev.ep.testsupport.fuzz.ReplyCheck;
import dev.ep.testsupport.fuzz.Surface;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §4: the shared seeded fuzzer (test-support {@code dev.ep.testsupport.fuzz}) against a running registry:
 * every endpoint and method, with a writer's credentials, none and broken ones. It fails on any 5xx, any dropped
 * connection, and any error that comes without Confluent's error body. The registry is its own (the run changes and
 * deletes things), with write authentication on, so both refused and accepted writes are exercised; afterwards it
 * still answers and still serves a schema registered before the run. {@code -Dep.fuzz.requests=10000} for the long
 * run (see test-support/README.md).
 */
class RegistryFuzzIT {

    private static final String WRITER = "fuzz:fuzz-password";
    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"F\",\"fields\":[{\"name\":\"id\",\"type\":"
            + "\"long\"},{\"name\":\"f1\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() {
        Database database = TestPlatform.postgres().newDatabase("registry_fuzz");
        registry = EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(), database.password(),
                Map.of("registry.auth.writers", "fuzz:"
                        + PasswordHash.create("fuzz-password", 1_000, new SecureRandom()).encoded()));
        RegistryHttp writer = new RegistryHttp(registry.url()).withBasicAuth(WRITER);
        for (int i = 0; i < 4; i++) {
            writer.register("fuzz-" + i + "-value", "{\"type\":\"record\",\"name\":\"F" + i + "\",\"fields\":[{\"name\":"
                    + "\"id\",\"type\":\"long\"}]}");
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    static Surface surface() {
        String schema = RegistryHttp.JSON.writeValueAsString(Map.of("schema", SCHEMA));
        String referencing = "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"a\",\"subject\":"
                + "\"fuzz-0-value\",\"version\":1}]}";
        String level = "{\"compatibility\":\"BACKWARD\"}";
        Surface.Builder surface = Surface.builder("schema-registry")
                .credential("Authorization: " + RegistryHttp.basic(WRITER))
                .values("s", "fuzz-0-value", "fuzz-1-value", "fuzz-2-value", "fuzz-3-value", "fuzz-new-value")
                .values("v", "1", "2", "latest", "-1")
                .values("id", "1", "2", "3", "4", "5")
                .values("deleted", "true", "false")
                .values("permanent", "true", "false")
                .values("verbose", "true")
                .values("defaultToGlobal", "true")
                .values("subjectPrefix", "fuzz-")
                .get("/")
                .get("/schemas/types")
                .get("/subjects", "deleted", "subjectPrefix")
                .get("/subjects/{s}/versions", "deleted")
                .get("/subjects/{s}/versions/{v}", "deleted")
                .get("/subjects/{s}/versions/{v}/schema", "deleted")
                .get("/subjects/{s}/versions/{v}/referencedby")
                .get("/schemas/ids/{id}")
                .get("/schemas/ids/{id}/schema")
                .get("/schemas/ids/{id}/subjects", "deleted")
                .get("/schemas/ids/{id}/versions", "deleted")
                .get("/config")
                .get("/config/{s}", "defaultToGlobal")
                .get("/actuator/health");
        for (String[] write : new String[][] {{"POST", "/subjects/{s}/versions", schema},
                {"POST", "/subjects/{s}/versions", referencing}, {"POST", "/subjects/{s}", schema},
                {"PUT", "/config", level}, {"PUT", "/config/{s}", level},
                {"POST", "/compatibility/subjects/{s}/versions", schema},
                {"POST", "/compatibility/subjects/{s}/versions/{v}", schema}}) {
            surface.endpoint(dev.ep.testsupport.fuzz.Endpoint.of(write[0], write[1], "deleted", "verbose")
                    .withBody(write[2], RegistryHttp.V1));
        }
        return surface
                .endpoint(dev.ep.testsupport.fuzz.Endpoint.of("DELETE", "/config/{s}"))
                .endpoint(dev.ep.testsupport.fuzz.Endpoint.of("DELETE", "/subjects/{s}", "permanent"))
                .endpoint(dev.ep.testsupport.fuzz.Endpoint.of("DELETE", "/subjects/{s}/versions/{v}", "permanent"))
                .build();
    }

    /**
     * Every error of the API (but a HEAD's, which has no body) carries Confluent's {@code error_code} and
     * {@code message}; the actuator is not Confluent's API (its 404 for an unknown health path has no body).
     */
    static final ReplyCheck CONFLUENT_ERRORS = (RawRequest request, RawReply reply) -> {
        if (reply.status() < 400 || request.isHead() || request.target().startsWith("/actuator/")) {
            return Optional.empty();
        }
        try {
            boolean confluent = RegistryHttp.json(reply).path("error_code").isInt()
                    && RegistryHttp.json(reply).path("message").isString();
            return confluent ? Optional.empty() : Optional.of("error without Confluent's body");
        } catch (RuntimeException e) {
            return Optional.of("error body is not JSON");
        }
    };

    @Test
    void shouldNeverAnswer5xxOrDropTheConnectionWhateverTheRequest() {
        // given
        int port = URI.create(registry.url()).getPort();

        // when
        FuzzReport report = new Fuzzer(surface(), CONFLUENT_ERRORS).run(port, FuzzSettings.fromSystemProperties(9, 500));

        // then
        assertThat(report.ran()).isTrue();
        report.assertNoFailures();
        RegistryHttp anonymous = new RegistryHttp(registry.url());
        assertThat(anonymous.get("/").status()).isEqualTo(200);
        assertThat(anonymous.get("/schemas/ids/1").status()).isEqualTo(200);
    }
}
