package dev.ep.deploy.k8s;

import dev.ep.schemas.Topic;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks across objects, which no single object's schema can make: selectors that select something, references
 * that resolve, probes on ports that exist, resources on every container, and the Kafka topics equal to the topic
 * registry.
 */
public final class CrossChecks {

    /** A Deployment or StatefulSet, reduced to what the checks need. */
    record Workload(String id, String kind, String name, Map<String, String> podLabels, PodSpec pod,
            Set<String> claimTemplates) {
    }

    private final List<Manifest> manifests;
    private final Map<Manifest, HasMetadata> typed;
    private final SecretContract secrets;
    private final List<Topic<?, ?>> topics;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();

    private CrossChecks(List<Manifest> manifests, Map<Manifest, HasMetadata> typed, SecretContract secrets,
            List<Topic<?, ?>> topics) {
        this.manifests = manifests;
        this.typed = typed;
        this.secrets = secrets;
        this.topics = topics;
    }

    /**
     * The problems across {@code manifests}.
     *
     * @param typed the typed objects of the Kubernetes kinds that read cleanly
     * @param secrets the Secrets the manifests may reference without defining
     * @param topics the topic registry the KafkaTopic resources must equal
     */
    public static List<Problem> check(List<Manifest> manifests, Map<Manifest, HasMetadata> typed,
            SecretContract secrets, List<Topic<?, ?>> topics) {
        CrossChecks checks = new CrossChecks(manifests, typed, secrets, topics);
        checks.collectWorkloads();
        checks.uniqueNames();
        checks.workloads.forEach(checks::checkWorkload);
        checks.typed.forEach(checks::checkOther);
        checks.checkKafka();
        checks.checkPostgres();
        return List.copyOf(checks.problems);
    }

    private void collectWorkloads() {
        typed.forEach((manifest, object) -> {
            if (object instanceof Deployment deployment) {
                add(manifest, deployment.getSpec().getSelector(), deployment.getSpec().getTemplate(), Set.of());
            } else if (object instanceof StatefulSet set) {
                Set<String> claims = new HashSet<>();
                for (PersistentVolumeClaim claim : nullSafe(set.getSpec().getVolumeClaimTemplates())) {
                    claims.add(claim.getMetadata().getName());
                }
                add(manifest, set.getSpec().getSelector(), set.getSpec().getTemplate(), claims);
            }
        });
    }

    private void add(Manifest manifest, LabelSelector selector, PodTemplateSpec template, Set<String> claims) {
        if (template == null || template.getSpec() == null) {
            problems.add(new Problem(manifest.id(), "spec.template", "is required"));
            return;
        }
        Map<String, String> labels = template.getMetadata() == null ? Map.of()
                : nullSafe(template.getMetadata().getLabels());
        if (!selects(manifest.id(), "spec.selector", selector, labels)) {
            problems.add(new Problem(manifest.id(), "spec.selector", "does not select its own pod template's labels "
                    + labels));
        }
        workloads.add(new Workload(manifest.id(), manifest.kind(), manifest.name(), labels, template.getSpec(),
                claims));
    }

    private void uniqueNames() {
        Set<String> seen = new HashSet<>();
        for (Manifest manifest : manifests) {
            if (!seen.add(manifest.type() + "/" + manifest.name())) {
                problems.add(new Problem(manifest.id(), "", "is defined twice"));
            }
        }
    }

    private void checkWorkload(Workload workload) {
        PodSpec pod = workload.pod();
        Set<String> volumes = new HashSet<>(workload.claimTemplates());
        for (Volume volume : nullSafe(pod.getVolumes())) {
            volumes.add(volume.getName());
        }
        Set<String> mounted = new HashSet<>();
        List<Container> all = new ArrayList<>(nullSafe(pod.getInitContainers()));
        all.addAll(nullSafe(pod.getContainers()));
        for (Container container : all) {
            String where = "container " + container.getName();
            checkResources(workload.id(), where, container);
            checkEnv(workload.id(), where, container);
            for (VolumeMount mount : nullSafe(container.getVolumeMounts())) {
                mounted.add(mount.getName());
                if (!volumes.contains(mount.getName())) {
                    problems.add(new Problem(workload.id(), where, "mounts volume " + mount.getName()
                            + ", which the pod does not define"));
                }
            }
        }
        for (Container container : nullSafe(pod.getContainers())) {
            String where = "container " + container.getName();
            if (container.getLivenessProbe() == null || container.getReadinessProbe() == null) {
                problems.add(new Problem(workload.id(), where, "needs a liveness and a readiness probe"));
            }
            checkProbe(workload.id(), where + " livenessProbe", container, container.getLivenessProbe());
            checkProbe(workload.id(), where + " readinessProbe", container, container.getReadinessProbe());
            checkProbe(workload.id(), where + " startupProbe", container, container.getStartupProbe());
        }
        for (String claim : workload.claimTemplates()) {
            if (!mounted.contains(claim)) {
                problems.add(new Problem(workload.id(), "spec.volumeClaimTemplates", claim
                        + " is mounted by no container"));
            }
        }
    }

    private void checkResources(String id, String where, Container container) {
        Map<String, Quantity> requests = container.getResources() == null ? Map.of()
                : nullSafe(container.getResources().getRequests());
        Map<String, Quantity> limits = container.getResources() == null ? Map.of()
                : nullSafe(container.getResources().getLimits());
        if (!requests.containsKey("cpu") || !requests.containsKey("memory") || !limits.containsKey("memory")) {
            problems.add(new Problem(id, where, "needs resources: requests.cpu, requests.memory and limits.memory"));
        }
    }

    private void checkEnv(String id, String where, Container container) {
        for (EnvVar env : nullSafe(container.getEnv())) {
            if (env.getValueFrom() == null) {
                continue;
            }
            var secretRef = env.getValueFrom().getSecretKeyRef();
            if (secretRef != null && !secretKeyExists(secretRef.getName(), secretRef.getKey())) {
                problems.add(new Problem(id, where + " env " + env.getName(), "Secret " + secretRef.getName()
                        + " key " + secretRef.getKey() + " is neither defined here nor documented in README.md's"
                        + " secrets table"));
            }
            var configRef = env.getValueFrom().getConfigMapKeyRef();
            if (configRef != null && !configMapKeys(configRef.getName()).contains(configRef.getKey())) {
                problems.add(new Problem(id, where + " env " + env.getName(), "ConfigMap " + configRef.getName()
                        + " key " + configRef.getKey() + " is not defined"));
            }
        }
        for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
            if (from.getConfigMapRef() != null && configMap(from.getConfigMapRef().getName()) == null) {
                problems.add(new Problem(id, where + " envFrom", "ConfigMap " + from.getConfigMapRef().getName()
                        + " is not defined"));
            }
            if (from.getSecretRef() != null && !secrets.keys().containsKey(from.getSecretRef().getName())) {
                problems.add(new Problem(id, where + " envFrom", "Secret " + from.getSecretRef().getName()
                        + " is not documented"));
            }
        }
    }

    private void checkProbe(String id, String where, Container container, Probe probe) {
        if (probe == null) {
            return;
        }
        IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
        if (port == null) {
            problems.add(new Problem(id, where, "needs an httpGet or tcpSocket port"));
        } else if (!hasPort(container, port)) {
            problems.add(new Problem(id, where, "port " + describe(port) + " is not a port of the container"));
        }
    }

    private void checkOther(Manifest manifest, HasMetadata object) {
        if (object instanceof Service service) {
            checkService(manifest, service);
        } else if (object instanceof PodDisruptionBudget budget) {
            LabelSelector selector = budget.getSpec().getSelector();
            if (workloads.stream().noneMatch(w -> selects(manifest.id(), "spec.selector", selector, w.podLabels()))) {
                problems.add(new Problem(manifest.id(), "spec.selector", "selects no workload's pods"));
            }
        } else if (object instanceof HorizontalPodAutoscaler autoscaler) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            boolean exists = workloads.stream().anyMatch(w -> w.kind().equals(target.getKind())
                    && w.name().equals(target.getName()));
            if (!exists) {
                problems.add(new Problem(manifest.id(), "spec.scaleTargetRef", target.getKind() + "/"
                        + target.getName() + " is not defined"));
            }
        } else if (object instanceof Secret) {
            problems.add(new Problem(manifest.id(), "", "the manifests ship a Secret: credentials are made per"
                    + " installation (README.md, create-secrets.sh), never committed"));
        }
    }

    private void checkService(Manifest manifest, Service service) {
        Map<String, String> selector = nullSafe(service.getSpec().getSelector());
        List<Workload> selected = workloads.stream()
                .filter(w -> !selector.isEmpty() && matches(selector, w.podLabels())).toList();
        if (selected.isEmpty()) {
            problems.add(new Problem(manifest.id(), "spec.selector", "selects no workload's pods " + selector));
            return;
        }
        for (ServicePort port : nullSafe(service.getSpec().getPorts())) {
            IntOrString target = port.getTargetPort() != null ? port.getTargetPort()
                    : new IntOrString(port.getPort());
            for (Workload workload : selected) {
                boolean found = nullSafe(workload.pod().getContainers()).stream().anyMatch(c -> hasPort(c, target));
                if (!found) {
                    problems.add(new Problem(manifest.id(), "spec.ports " + port.getName(), "targetPort "
                            + describe(target) + " is not a container port of " + workload.id()));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void checkKafka() {
        List<Manifest> kafkas = ofType("kafka.strimzi.io/v1beta2/Kafka");
        Set<String> clusters = new HashSet<>();
        for (Manifest kafka : kafkas) {
            clusters.add(kafka.name());
            Map<String, Object> annotations = map(kafka.section("metadata").get("annotations"));
            if (!"enabled".equals(annotations.get("strimzi.io/kraft"))
                    || !"enabled".equals(annotations.get("strimzi.io/node-pools"))) {
                problems.add(new Problem(kafka.id(), "metadata.annotations",
                        "needs strimzi.io/kraft: enabled and strimzi.io/node-pools: enabled"));
            }
        }
        int brokers = 0;
        boolean controllers = false;
        for (Manifest pool : ofType("kafka.strimzi.io/v1beta2/KafkaNodePool")) {
            checkClusterLabel(pool, clusters);
            Map<String, Object> spec = pool.section("spec");
            List<Object> roles = spec.get("roles") instanceof List<?> r ? (List<Object>) r : List.of();
            int replicas = spec.get("replicas") instanceof Integer n ? n : 0;
            if (roles.contains("broker")) {
                brokers += replicas;
            }
            controllers |= roles.contains("controller") && replicas > 0;
        }
        if (!kafkas.isEmpty() && (brokers == 0 || !controllers)) {
            problems.add(new Problem(kafkas.get(0).id(), "", "needs node pools with at least one broker and one"
                    + " controller (KRaft)"));
        }
        for (Manifest kafka : kafkas) {
            Map<String, Object> config = map(map(kafka.section("spec").get("kafka")).get("config"));
            Object factor = config.get("default.replication.factor");
            if (factor instanceof Integer n && n > brokers) {
                problems.add(new Problem(kafka.id(), "spec.kafka.config.default.replication.factor", n
                        + " replicas but only " + brokers + " brokers"));
            }
        }
        Map<String, Manifest> byTopic = new HashMap<>();
        for (Manifest topic : ofType("kafka.strimzi.io/v1beta2/KafkaTopic")) {
            checkClusterLabel(topic, clusters);
            Map<String, Object> spec = topic.section("spec");
            String name = spec.get("topicName") instanceof String n ? n : topic.name();
            if (byTopic.put(name, topic) != null) {
                problems.add(new Problem(topic.id(), "spec.topicName", name + " is declared by two KafkaTopics"));
            }
            if (spec.get("replicas") instanceof Integer replicas && replicas > brokers) {
                problems.add(new Problem(topic.id(), "spec.replicas", replicas + " replicas but only " + brokers
                        + " brokers"));
            }
        }
        for (Topic<?, ?> declared : topics) {
            Manifest topic = byTopic.remove(declared.name());
            if (topic == null) {
                problems.add(new Problem("KafkaTopic/?", "", "topic " + declared.name()
                        + " of the topic registry has no KafkaTopic"));
                continue;
            }
            Map<String, Object> spec = topic.section("spec");
            if (!Objects.equals(spec.get("partitions"), declared.partitions())) {
                problems.add(new Problem(topic.id(), "spec.partitions", spec.get("partitions") + ", but the topic"
                        + " registry declares " + declared.partitions()));
            }
            Map<String, String> config = new HashMap<>();
            map(spec.get("config")).forEach((key, value) -> config.put(key, String.valueOf(value)));
            if (!config.equals(declared.configs())) {
                problems.add(new Problem(topic.id(), "spec.config", config + ", but the topic registry declares "
                        + declared.configs()));
            }
        }
        byTopic.forEach((name, topic) -> problems.add(new Problem(topic.id(), "spec.topicName", name
                + " is not a topic of the topic registry (dev.ep.schemas.Topics)")));
    }

    private void checkClusterLabel(Manifest manifest, Set<String> clusters) {
        Object cluster = map(manifest.section("metadata").get("labels")).get("strimzi.io/cluster");
        if (!clusters.contains(cluster)) {
            problems.add(new Problem(manifest.id(), "metadata.labels.strimzi.io/cluster", cluster
                    + " is not a Kafka defined here"));
        }
    }

    @SuppressWarnings("unchecked")
    private void checkPostgres() {
        Map<String, Set<String>> rolesByCluster = new HashMap<>();
        for (Manifest cluster : ofType("postgresql.cnpg.io/v1/Cluster")) {
            Set<String> roles = new HashSet<>();
            Map<String, Object> spec = cluster.section("spec");
            Map<String, Object> initdb = map(map(spec.get("bootstrap")).get("initdb"));
            if (initdb.get("owner") instanceof String owner) {
                roles.add(owner);
                checkCredentials(cluster, "spec.bootstrap.initdb.secret", map(initdb.get("secret")).get("name"));
            }
            Object managed = map(spec.get("managed")).get("roles");
            for (Object role : managed instanceof List<?> list ? list : List.of()) {
                Map<String, Object> r = map(role);
                roles.add(String.valueOf(r.get("name")));
                if (r.containsKey("passwordSecret")) {
                    checkCredentials(cluster, "spec.managed.roles " + r.get("name"),
                            map(r.get("passwordSecret")).get("name"));
                }
            }
            rolesByCluster.put(cluster.name(), roles);
        }
        for (Manifest database : ofType("postgresql.cnpg.io/v1/Database")) {
            Map<String, Object> spec = database.section("spec");
            Object cluster = map(spec.get("cluster")).get("name");
            Set<String> roles = rolesByCluster.get(cluster);
            if (roles == null) {
                problems.add(new Problem(database.id(), "spec.cluster.name", cluster + " is not a Cluster defined"
                        + " here"));
            } else if (!roles.contains(spec.get("owner"))) {
                problems.add(new Problem(database.id(), "spec.owner", spec.get("owner") + " is not a role of "
                        + cluster));
            }
        }
    }

    private void checkCredentials(Manifest cluster, String where, Object secret) {
        String name = String.valueOf(secret);
        if (!secretKeyExists(name, "username") || !secretKeyExists(name, "password")) {
            problems.add(new Problem(cluster.id(), where, "Secret " + name + " with keys username and password is"
                    + " neither defined here nor documented in README.md's secrets table"));
        }
    }

    private boolean secretKeyExists(String secret, String key) {
        if (secrets.documents(secret, key)) {
            return true;
        }
        for (HasMetadata object : typed.values()) {
            if (object instanceof Secret defined && defined.getMetadata().getName().equals(secret)
                    && (nullSafe(defined.getData()).containsKey(key)
                            || nullSafe(defined.getStringData()).containsKey(key))) {
                return true;
            }
        }
        return false;
    }

    private ConfigMap configMap(String name) {
        for (HasMetadata object : typed.values()) {
            if (object instanceof ConfigMap map && map.getMetadata().getName().equals(name)) {
                return map;
            }
        }
        return null;
    }

    private Set<String> configMapKeys(String name) {
        ConfigMap map = configMap(name);
        return map == null ? Set.of() : nullSafe(map.getData()).keySet();
    }

    private boolean selects(String id, String where, LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            problems.add(new Problem(id, where, "uses matchExpressions, which these checks do not evaluate: use"
                    + " matchLabels"));
            return false;
        }
        Map<String, String> matchLabels = nullSafe(selector.getMatchLabels());
        return !matchLabels.isEmpty() && matches(matchLabels, labels);
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean hasPort(Container container, IntOrString port) {
        for (ContainerPort candidate : nullSafe(container.getPorts())) {
            if (port.getStrVal() != null ? port.getStrVal().equals(candidate.getName())
                    : Objects.equals(port.getIntVal(), candidate.getContainerPort())) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IntOrString port) {
        return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    private List<Manifest> ofType(String type) {
        return manifests.stream().filter(m -> m.type().equals(type)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> nullSafe(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
