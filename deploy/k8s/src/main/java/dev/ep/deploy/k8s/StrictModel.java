package dev.ep.deploy.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' own kinds through fabric8's typed model, strictly. fabric8 keeps a field it does not know in the
 * object's {@code additionalProperties} instead of failing, so a typo ({@code imagePullPolice}) would pass a plain
 * deserialization: after reading, every model object at every depth is walked and any additional property is a
 * problem. A value of the wrong type fails the deserialization itself.
 */
public final class StrictModel {

    /** The kinds this project renders, by {@code apiVersion/kind}; any other kind is a problem, not a pass. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** Whether this model knows the manifest's kind. */
    public static boolean knows(Manifest manifest) {
        return KINDS.containsKey(manifest.type());
    }

    /**
     * The typed object, or empty with the problems added: a value of the wrong type, or fields the model does not
     * know, anywhere in the object.
     */
    public Optional<HasMetadata> read(Manifest manifest, List<Problem> problems) {
        Class<? extends HasMetadata> type = KINDS.get(manifest.type());
        if (type == null) {
            problems.add(new Problem(manifest.id(), "", "no validator for " + manifest.type()
                    + " (add it to StrictModel.KINDS or to the custom resource schemas)"));
            return Optional.empty();
        }
        return convert(manifest.id(), manifest.body(), type, problems).map(HasMetadata.class::cast);
    }

    /** {@code metadata} of any object (custom resources too) through the typed {@link ObjectMeta}. */
    public Optional<ObjectMeta> readMetadata(Manifest manifest, List<Problem> problems) {
        return convert(manifest.id(), manifest.section("metadata"), ObjectMeta.class, problems);
    }

    private <T> Optional<T> convert(String id, Object body, Class<T> type, List<Problem> problems) {
        T typed;
        try {
            typed = mapper.convertValue(body, type);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(id, "", "does not read as " + type.getSimpleName() + ": "
                    + firstLine(e.getMessage())));
            return Optional.empty();
        }
        int before = problems.size();
        unknownFields(id, typed, type == ObjectMeta.class ? "metadata" : "", problems);
        return problems.size() == before ? Optional.of(typed) : Optional.empty();
    }

    /** Walks the model objects under {@code value}; each non-empty {@code additionalProperties} is a problem. */
    static void unknownFields(String id, Object value, String path, List<Problem> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(id, item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(id, entry.getValue(), join(path, String.valueOf(entry.getKey())), problems);
            }
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                if (field.getName().equals("additionalProperties")) {
                    Object extra = read(field, value);
                    if (extra instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                        for (Object key : unknown.keySet()) {
                            problems.add(new Problem(id, join(path, String.valueOf(key)),
                                    "unknown field (not in the Kubernetes API model of " + value.getClass()
                                            .getSimpleName() + ")"));
                        }
                    }
                    continue;
                }
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                if (property != null) {
                    String name = property.value().isEmpty() ? field.getName() : property.value();
                    unknownFields(id, read(field, value), join(path, name), problems);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field + " of the fabric8 model", e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
