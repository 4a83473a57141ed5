package dev.ep.deploy.k8s;

import dev.ep.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** The files of deploy/k8s the tests read (the module's directory is the tests' working directory). */
final class K8sFiles {

    static final List<String> OVERLAYS = List.of("small", "production");

    private K8sFiles() {
    }

    static Path root() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.exists(root.resolve("base/kustomization.yaml"))) {
            throw new IllegalStateException("run from deploy/k8s (the module's directory), not " + root);
        }
        return root;
    }

    static String golden(String overlay) {
        return read(root().resolve("rendered/" + overlay + ".yaml"));
    }

    static SecretContract contract() {
        return SecretContract.fromReadme(read(root().resolve("README.md")));
    }

    static ManifestValidator validator() {
        return new ManifestValidator(contract(), Topics.all());
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kubectl, required under CI ({@code CI=true}, set by .ci/run, or {@code EP_REQUIRE_KUBECTL=true}); elsewhere a
     * machine without it reports the test as skipped, saying why.
     */
    static Kustomize kubectl() {
        Optional<Kustomize> kubectl = Kustomize.find();
        if (kubectl.isEmpty()) {
            boolean required = "true".equals(System.getenv("CI")) || "true".equals(System.getenv("EP_REQUIRE_KUBECTL"));
            String message = "kubectl is not on the PATH (nor $KUBECTL): the overlays cannot be rendered here";
            if (required) {
                throw new AssertionError(message + ", and CI requires it");
            }
            Assumptions.abort(message + "; the committed rendered/*.yaml were still validated");
        }
        return kubectl.get();
    }

    /** python3, with the same rule as {@link #kubectl()}. */
    static String python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return Path.of(dir, "python3").toString();
            }
        }
        boolean required = "true".equals(System.getenv("CI")) || "true".equals(System.getenv("EP_REQUIRE_KUBECTL"));
        if (required) {
            throw new AssertionError("python3 is not on the PATH, and CI requires it");
        }
        Assumptions.abort("python3 is not on the PATH");
        return null;
    }
}
