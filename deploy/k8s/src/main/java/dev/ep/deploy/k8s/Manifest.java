package dev.ep.deploy.k8s;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One object of a rendered overlay, as parsed from YAML.
 *
 * @param apiVersion {@code apiVersion}, e.g. {@code apps/v1}
 * @param kind {@code kind}
 * @param name {@code metadata.name}
 * @param body the whole document
 */
public record Manifest(String apiVersion, String kind, String name, Map<String, Object> body) {

    public Manifest {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    /** {@code Kind/name}, how problems name the object. */
    public String id() {
        return kind + "/" + name;
    }

    /** {@code apiVersion} and {@code kind}, the key of the validators' tables. */
    public String type() {
        return apiVersion + "/" + kind;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String key) {
        Object value = body.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
