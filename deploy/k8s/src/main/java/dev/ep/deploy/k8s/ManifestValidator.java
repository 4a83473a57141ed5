package dev.ep.deploy.k8s;

import dev.ep.schemas.Topic;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates one rendered overlay with no cluster: every Kubernetes object through fabric8's typed model and every
 * Strimzi object through Strimzi's, with unknown fields rejected ({@link StrictModel}), every CloudNativePG object
 * against the schema of the fields used ({@link CustomResources}), any other kind refused, then the checks across
 * objects ({@link CrossChecks}).
 */
public final class ManifestValidator {

    private final StrictModel model = new StrictModel();
    private final CustomResources customResources = CustomResources.load(model);
    private final SecretContract secrets;
    private final List<Topic<?, ?>> topics;

    /**
     * @param secrets the Secrets the manifests may reference without shipping them
     * @param topics the topic registry the KafkaTopic resources must equal
     */
    public ManifestValidator(SecretContract secrets, List<Topic<?, ?>> topics) {
        this.secrets = secrets;
        this.topics = List.copyOf(topics);
    }

    /** Every problem of the rendered YAML; empty when it is valid. */
    public List<Problem> validate(String renderedYaml) {
        List<Manifest> manifests;
        try {
            manifests = ManifestReader.read(renderedYaml);
        } catch (IllegalArgumentException e) {
            return List.of(new Problem("(stream)", "", e.getMessage()));
        }
        List<Problem> problems = new ArrayList<>();
        Map<Manifest, HasMetadata> typed = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            if (customResources.knows(manifest)) {
                customResources.validate(manifest, problems);
            } else {
                model.read(manifest, problems).ifPresent(object -> typed.put(manifest, object));
            }
        }
        problems.addAll(CrossChecks.check(manifests, typed, secrets, topics));
        return List.copyOf(problems);
    }
}
