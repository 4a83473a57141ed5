package dev.ep.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders an overlay with {@code kubectl kustomize} (kubectl's built-in kustomize; the golden files were rendered
 * with kubectl 1.32, kustomize 5.5). kubectl is found as {@code $KUBECTL}, else on the {@code PATH}.
 */
public final class Kustomize {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path kubectl;

    private Kustomize(Path kubectl) {
        this.kubectl = kubectl;
    }

    /** kubectl on this machine, if any. */
    public static Optional<Kustomize> find() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(new Kustomize(Path.of(explicit)));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Kustomize(candidate));
            }
        }
        return Optional.empty();
    }

    /** The kubectl binary used. */
    public Path kubectl() {
        return kubectl;
    }

    /**
     * The rendered overlay, exactly as kubectl prints it.
     *
     * @throws IllegalStateException when kubectl fails or takes longer than a minute
     */
    public String render(Path overlay) {
        try {
            Path output = Files.createTempFile("kustomize", ".yaml");
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(List.of(kubectl.toString(), "kustomize", overlay.toString()))
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + overlay + " took over " + TIMEOUT_SECONDS
                            + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + overlay + " failed (exit "
                            + process.exitValue() + "): " + Files.readString(errors, StandardCharsets.UTF_8).strip());
                }
                return Files.readString(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + overlay, e);
        }
    }
}
