package dev.ep.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ep.testsupport.TestPlatform;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Confluent's own client as the witness of API compatibility: Debian's {@code python3-confluent-kafka} (legacy
 * {@code confluent_kafka.avro}) registers, encodes, decodes and checks compatibility against this registry, writing
 * with {@code basic.auth.user.info=user:password} and reading without credentials; a write without them gets 401.
 *
 * <p>The registry runs with write authentication, as in production ({@link AuthenticatedRegistry}). Without the
 * Python packages the test is aborted with a message, unless {@code EP_REQUIRE_PYTHON_INTEROP=true} (set by
 * {@code .ci/run}, which installs them), where it fails.
 */
class ConfluentPythonClientIT {

    static final String REQUIRED_ENV = "EP_REQUIRE_PYTHON_INTEROP";
    static final String INSTALL = "apt-get install -y python3-confluent-kafka python3-avro python3-requests";

    private static String python;

    @BeforeAll
    static void findPythonWithConfluentClient() throws Exception {
        // Debian's interpreter is the one its packages install into; a pyenv python3 earlier on PATH lacks them.
        python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        String missing = probe(python);
        if (missing == null) {
            return;
        }
        String message = "Confluent's Python client is not usable with " + python + " (" + missing + "); install it"
                + " with: " + INSTALL;
        if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
            fail(message + " (" + REQUIRED_ENV + "=true makes this test mandatory)");
        }
        Assumptions.abort(message + " (set " + REQUIRED_ENV + "=true to make this a failure)");
    }

    @Test
    void shouldRegisterWithBasicAuthAndEncodeAndDecodeWhenConfluentPythonClientUsesRegistry() throws Exception {
        // given
        String url = AuthenticatedRegistry.get().url();
        String topic = TestPlatform.uniqueTopic("ep.interop");

        // when: the legacy client splits user info at every colon, so this password has none
        Result result = run(List.of(python, script().toString(), url, topic, AuthenticatedRegistry.BOB));

        // then
        assertThat(result.exitCode()).as("python said:%n%s", result.output()).isZero();
        String lastLine = result.output().strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode seen = RegistryHttp.JSON.readTree(lastLine);
        RegistryHttp http = new RegistryHttp(url);
        JsonNode version1 = http.get("/subjects/" + topic + "-value/versions/1").json();
        assertThat(seen.get("id").asInt()).isEqualTo(version1.get("id").asInt());
        assertThat(http.get("/schemas/ids/" + seen.get("id").asInt()).status()).isEqualTo(200);
        assertThat(http.get("/subjects/" + topic + "-value/versions/latest").json().get("id").asInt())
                .isEqualTo(seen.get("v2_id").asInt());
        assertThat(seen.get("decoded").get("value_minor").asLong()).isEqualTo(1299L);
    }

    /** Null when the modules import, else what failed. */
    private static String probe(String interpreter) throws InterruptedException {
        try {
            Result result = run(List.of(interpreter, "-c",
                    "import avro, requests, confluent_kafka.avro, confluent_kafka.avro.serializer.message_serializer"));
            return result.exitCode() == 0 ? null : result.output().strip().lines().reduce((a, b) -> b).orElse("?");
        } catch (IOException e) {
            return interpreter + " cannot be run: " + e.getMessage();
        }
    }

    private static Path script() throws URISyntaxException {
        return Path.of(ConfluentPythonClientIT.class.getResource("/python/confluent_avro_roundtrip.py").toURI());
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("confluent-python-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            // Bounded only so a hung interpreter fails the build instead of hanging it.
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "timed out: " + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
