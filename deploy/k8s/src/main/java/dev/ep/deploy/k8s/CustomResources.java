package dev.ep.deploy.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * CloudNativePG's kinds ({@code Cluster}, {@code Database}), whose operator publishes no Java model: top-level
 * fields {@code apiVersion}, {@code kind}, {@code metadata} (read through fabric8's typed
 * {@code ObjectMeta}) and {@code spec}, which is checked against the schema of the fields used
 * ({@code schemas/*.yaml} beside this class, one per kind).
 */
public final class CustomResources {

    /** {@code apiVersion/kind} to its schema resource. */
    static final Map<String, String> SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "cnpg-Cluster.yaml",
            "postgresql.cnpg.io/v1/Database", "cnpg-Database.yaml");

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");

    private final Map<String, FieldSchema> schemas;
    private final StrictModel model;

    private CustomResources(Map<String, FieldSchema> schemas, StrictModel model) {
        this.schemas = schemas;
        this.model = model;
    }

    /** The validators of every kind in {@link #SCHEMAS}, read from the classpath. */
    public static CustomResources load(StrictModel model) {
        Map<String, FieldSchema> schemas = new java.util.HashMap<>();
        SCHEMAS.forEach((type, resource) -> schemas.put(type, FieldSchema.of(readSchema(resource))));
        return new CustomResources(Map.copyOf(schemas), model);
    }

    /** Whether the manifest is one of the custom resource kinds known here. */
    public boolean knows(Manifest manifest) {
        return schemas.containsKey(manifest.type());
    }

    /** Adds the manifest's problems: unknown top-level fields, metadata, and spec against its schema. */
    public void validate(Manifest manifest, List<Problem> problems) {
        FieldSchema schema = schemas.get(manifest.type());
        if (schema == null) {
            problems.add(new Problem(manifest.id(), "", "no schema for " + manifest.type()));
            return;
        }
        for (String field : manifest.body().keySet()) {
            if (!TOP_LEVEL.contains(field)) {
                problems.add(new Problem(manifest.id(), field, "unknown field (known: " + TOP_LEVEL + ")"));
            }
        }
        model.readMetadata(manifest, problems);
        if (!manifest.body().containsKey("spec")) {
            problems.add(new Problem(manifest.id(), "spec", "is required"));
            return;
        }
        schema.validate(manifest.id(), manifest.body().get("spec"), "spec", problems);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readSchema(String resource) {
        try (InputStream in = CustomResources.class.getResourceAsStream("schemas/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: schemas/" + resource);
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object schema = new Yaml(new SafeConstructor(options)).load(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (Map<String, Object>) schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
