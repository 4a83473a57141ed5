package dev.ep.deploy.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a multi-document YAML stream (what {@code kubectl kustomize} prints) into {@link Manifest}s. A key given
 * twice in one mapping is an error (YAML parsers disagree on which one wins), as is a document that is not an
 * object with {@code apiVersion}, {@code kind} and {@code metadata.name}.
 */
public final class ManifestReader {

    /** Larger than any overlay here, small enough that a runaway render is refused rather than parsed. */
    static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private ManifestReader() {
    }

    /**
     * The objects of {@code yaml}.
     *
     * @throws IllegalArgumentException when the YAML does not parse or a document is not a Kubernetes object
     */
    public static List<Manifest> read(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMaxAliasesForCollections(0);
        Yaml parser = new Yaml(new SafeConstructor(options));
        List<Manifest> manifests = new ArrayList<>();
        int index = 0;
        try {
            for (Object document : parser.loadAll(yaml)) {
                index++;
                if (document == null) {
                    continue;
                }
                manifests.add(toManifest(index, document));
            }
        } catch (YAMLException e) {
            throw new IllegalArgumentException("YAML does not parse (document " + (index + 1) + "): "
                    + e.getMessage(), e);
        }
        return List.copyOf(manifests);
    }

    @SuppressWarnings("unchecked")
    private static Manifest toManifest(int index, Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("document " + index + " is not an object");
        }
        Map<String, Object> body = (Map<String, Object>) map;
        Object apiVersion = body.get("apiVersion");
        Object kind = body.get("kind");
        Object metadata = body.get("metadata");
        Object name = metadata instanceof Map<?, ?> meta ? meta.get("name") : null;
        if (!(apiVersion instanceof String) || !(kind instanceof String) || !(name instanceof String)) {
            throw new IllegalArgumentException("document " + index
                    + " needs string apiVersion, kind and metadata.name");
        }
        return new Manifest((String) apiVersion, (String) kind, (String) name, body);
    }
}
