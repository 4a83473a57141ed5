package dev.ep.deploy.k8s;

import java.util.Objects;

/**
 * One thing wrong with the rendered manifests: which object (and where in it), and what.
 *
 * @param object the object, as {@code Kind/name} (or the document number when it has no name)
 * @param path where in the object, JSON-pointer-like ({@code spec.template.spec.containers[0].image}); empty for
 *     the whole object
 * @param message what is wrong, saying what to fix
 */
public record Problem(String object, String path, String message) {

    public Problem {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? object + ": " + message : object + " " + path + ": " + message;
    }
}
