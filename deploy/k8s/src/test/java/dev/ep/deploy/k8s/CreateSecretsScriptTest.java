package dev.ep.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.registry.auth.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create-secrets.sh makes exactly the Secrets and keys README.md documents, with values in the form each service
 * checks at start, and tokens that match the hashes it stores (run with --print-only: no cluster needed).
 */
class CreateSecretsScriptTest {

    @TempDir
    Path work;

    @Test
    void shouldCreateEveryDocumentedSecretWithHashesOfTheHandedOutTokens() throws Exception {
        Kustomize kubectl = K8sFiles.kubectl();
        String python = K8sFiles.python3();
        Path credentials = work.resolve("credentials");

        Map<String, Map<String, String>> secrets = run(kubectl, python, credentials);

        Map<String, Set<String>> keys = new TreeMap<>();
        secrets.forEach((name, data) -> keys.put(name, data.keySet()));
        assertThat(keys).isEqualTo(new TreeMap<>(K8sFiles.contract().keys()));

        String admin = Files.readString(credentials.resolve("admin-token"));
        String viewer = Files.readString(credentials.resolve("viewer-token"));
        String storefront = Files.readString(credentials.resolve("storefront-api-key"));
        assertThat(secrets.get("ep-config-tokens").get("admin-token-sha256")).isEqualTo(sha256(admin));
        assertThat(secrets.get("ep-reporting-tokens").get("token-hashes").split(","))
                .contains(sha256(viewer), sha256(admin));
        assertThat(secrets.get("ep-ingest-tokens").get("viewer-token-hashes").split(",")).contains(sha256(viewer));
        assertThat(secrets.get("ep-assignment").get("api-key-hashes").split(","))
                .contains(sha256(storefront), sha256(secrets.get("ep-console").get("assignment-api-key")));
        assertThat(secrets.get("ep-config-tokens").get("reporting-token-sha256"))
                .isEqualTo(sha256(secrets.get("ep-reporting-tokens").get("config-service-token")));
        assertThat(Base64.getDecoder().decode(secrets.get("ep-assignment").get("exposure-token-secret")))
                .hasSizeGreaterThanOrEqualTo(32);

        String userInfo = secrets.get("ep-schema-registry").get("user-info");
        assertThat(registryWriterAccepts(secrets.get("ep-schema-registry").get("writers"), userInfo)).isTrue();
        assertThat(registryWriterAccepts(secrets.get("ep-schema-registry").get("writers"), userInfo + "x")).isFalse();

        for (String role : List.of("config-service", "schema-registry", "event-ingest", "reporting",
                "reporting-reader")) {
            Map<String, String> credential = secrets.get("ep-postgres-" + role);
            assertThat(credential.get("username")).isEqualTo(role.replace('-', '_'));
            assertThat(credential.get("password")).hasSize(64);
        }
        assertThat(Files.getPosixFilePermissions(credentials.resolve("admin-token")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void shouldRefuseCredentialsDirectoryThatExists() throws Exception {
        Kustomize kubectl = K8sFiles.kubectl();
        K8sFiles.python3();
        Files.createDirectories(work.resolve("taken"));

        Process process = start(kubectl, work.resolve("taken"));

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("exists: choose a new --credentials-dir");
    }

    private Map<String, Map<String, String>> run(Kustomize kubectl, String python, Path credentials)
            throws Exception {
        Process process = start(kubectl, credentials);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("create-secrets.sh failed: %s", err).isZero();
        assertThat(python).isNotBlank();
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (Manifest manifest : ManifestReader.read(out)) {
            assertThat(manifest.kind()).isEqualTo("Secret");
            Map<String, String> data = new HashMap<>();
            manifest.section("data").forEach((key, value) -> data.put(key,
                    new String(Base64.getDecoder().decode((String) value), StandardCharsets.UTF_8)));
            secrets.put(manifest.name(), data);
        }
        return secrets;
    }

    private static Process start(Kustomize kubectl, Path credentials) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", K8sFiles.root().resolve("create-secrets.sh").toString(),
                "--print-only", "--credentials-dir", credentials.toString());
        String path = kubectl.kubectl().getParent() + java.io.File.pathSeparator + System.getenv("PATH");
        builder.environment().put("PATH", path);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    /** The registry's own check of a writer ({@code user:pbkdf2-sha256:...} against {@code user:password}). */
    private static boolean registryWriterAccepts(String writers, String userInfo) {
        String[] writer = writers.split(":", 2);
        String[] given = userInfo.split(":", 2);
        return writer[0].equals(given[0]) && PasswordHash.parse(writer[1]).matches(given[1]);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
