package dev.ep.deploy.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
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
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' own kinds through fabric8's typed model, and Strimzi's through Strimzi's (built on fabric8's),
 * strictly. Both models keep a field they do not know in the object's additional properties instead of failing, so
 * a typo ({@code imagePullPolice}) would pass a plain deserialization: after reading, every model object at every
 * depth is walked (its Jackson properties) and any additional property is a problem. A value of the wrong type fails
 * the deserialization itself.
 */
public final class StrictModel {

    /**
     * The kinds this project renders, by {@code apiVersion/kind}: Kubernetes' own through fabric8's model, Strimzi's
     * through Strimzi's published model ({@code io.strimzi:api}); any other kind is a problem, not a pass (the
     * CloudNativePG kinds go to {@link CustomResources}).
     */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    /** The packages of the typed models walked for unknown fields: Kubernetes' own (fabric8) and Strimzi's. */
    private static final List<String> MODEL_PACKAGES = List.of("io.fabric8.kubernetes.api.model.", "io.strimzi.api.");

    /** Only introspects the models' properties (never reads or writes with them). */
    private static final ObjectMapper WALKER = new ObjectMapper();
    /** No real manifest's field path is this long; a longer one means the walk went round a cycle. */
    private static final int MAX_PATH = 1_000;

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
        String className = value.getClass().getName();
        if (value instanceof Enum<?> || MODEL_PACKAGES.stream().noneMatch(className::startsWith)) {
            return;
        }
        if (path.length() > MAX_PATH) {
            throw new IllegalStateException("the typed model nests deeper than any manifest here: " + path);
        }
        BeanDescription description = WALKER.getSerializationConfig().introspect(
                WALKER.constructType(value.getClass()));
        AnnotatedMember anyGetter = description.findAnyGetter();
        if (anyGetter != null && read(anyGetter, value) instanceof Map<?, ?> unknown) {
            for (Object key : unknown.keySet()) {
                problems.add(new Problem(id, join(path, String.valueOf(key)), "unknown field (not in the typed"
                        + " model of " + value.getClass().getSimpleName() + ")"));
            }
        }
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null && accessor != anyGetter) {
                unknownFields(id, read(accessor, value), join(path, property.getName()), problems);
            }
        }
    }

    private static Object read(AnnotatedMember accessor, Object owner) {
        try {
            accessor.fixAccess(true);
            return accessor.getValue(owner);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + accessor.getFullName() + " of the typed model", e);
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
