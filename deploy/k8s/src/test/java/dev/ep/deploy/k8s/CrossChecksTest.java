package dev.ep.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each validator rejects a broken manifest: the committed production render, broken in one place per test, must
 * produce the one problem that names the break.
 */
class CrossChecksTest {

    private final ManifestValidator validator = K8sFiles.validator();
    private final String production = K8sFiles.golden("production");

    @Test
    void shouldAcceptTheUnbrokenRender() {
        assertThat(validator.validate(production)).isEmpty();
    }

    @Test
    void shouldRejectTypoInAKubernetesObject() {
        assertThat(problems(replaceFirst(production, "periodSeconds: 5", "periodSecond: 5")))
                .anySatisfy(p -> assertThat(p).contains("periodSecond: unknown field"));
    }

    @Test
    void shouldRejectTypoAndWrongTypeInAStrimziObject() {
        assertThat(problems(replaceFirst(production, "deleteClaim: false", "deleteClaims: false")))
                .anySatisfy(p -> assertThat(p).contains("KafkaNodePool/").contains("spec.storage.deleteClaims"));
        assertThat(problems(replaceFirst(production, "tls: false", "tls: \"no\"")))
                .anySatisfy(p -> assertThat(p).contains("Kafka/ep-kafka spec.kafka.listeners[0].tls: expected"
                        + " boolean"));
    }

    @Test
    void shouldRejectTypoInACloudNativePgObject() {
        assertThat(problems(replaceFirst(production, "enableSuperuserAccess: false", "enableSuperUserAccess: false")))
                .anySatisfy(p -> assertThat(p).contains("Cluster/ep-postgres spec.enableSuperUserAccess: unknown"));
        assertThat(problems(replaceFirst(production, "max_connections: \"200\"", "max_connections: 200")))
                .anySatisfy(p -> assertThat(p).contains("spec.postgresql.parameters.max_connections: expected"
                        + " string"));
    }

    @Test
    void shouldRejectMissingTopicAndTopicThatDiffersFromTheRegistry() {
        String withoutResults = removeDocument(production, "topicName: ep.results");
        assertThat(problems(withoutResults)).anySatisfy(p -> assertThat(p).contains("topic ep.results of the topic"
                + " registry has no KafkaTopic"));

        String fewerPartitions = production.replace("topicName: ep.events\n  partitions: 6",
                "topicName: ep.events\n  partitions: 3");
        assertThat(fewerPartitions).isNotEqualTo(production);
        assertThat(problems(fewerPartitions)).anySatisfy(p -> assertThat(p).contains("KafkaTopic/ep-events"
                + " spec.partitions: 3, but the topic registry declares 6"));

        String compacted = production.replace("cleanup.policy: delete\n    retention.ms: \"604800000\"",
                "cleanup.policy: compact\n    retention.ms: \"604800000\"");
        assertThat(problems(compacted)).anySatisfy(p -> assertThat(p).contains("spec.config"));
    }

    @Test
    void shouldRejectServiceThatSelectsNothingAndProbeOnAMissingPort() {
        assertThat(problems(replaceFirst(production, "  selector:\n    app.kubernetes.io/name: console\n",
                "  selector:\n    app.kubernetes.io/name: consol\n")))
                .anySatisfy(p -> assertThat(p).contains("Service/console spec.selector: selects no workload"));
        assertThat(problems(replaceFirst(production, "path: /actuator/health/readiness\n                port: http",
                "path: /actuator/health/readiness\n                port: admin")))
                .anySatisfy(p -> assertThat(p).contains("readinessProbe: port admin is not a port"));
    }

    @Test
    void shouldRejectUndocumentedSecretAndContainerWithoutResources() {
        assertThat(problems(replaceFirst(production, "key: api-key-hashes", "key: api-keys")))
                .anySatisfy(p -> assertThat(p).contains("Secret ep-assignment key api-keys is neither defined"));
        assertThat(problems(production.replace("          resources:\n            limits:\n              memory: 512Mi"
                + "\n            requests:\n              cpu: 100m\n              memory: 384Mi\n", "")))
                .anySatisfy(p -> assertThat(p).contains("Deployment/console container console: needs resources"));
    }

    @Test
    void shouldRejectBudgetThatSelectsNoPodsAndAutoscalerWithoutTarget() {
        String budget = production.replace("kind: PodDisruptionBudget\nmetadata:\n  labels:\n"
                + "    app.kubernetes.io/part-of: ep\n  name: event-ingest\n  namespace: ep\nspec:\n  maxUnavailable: 1\n"
                + "  selector:\n    matchLabels:\n      app.kubernetes.io/name: event-ingest",
                "kind: PodDisruptionBudget\nmetadata:\n  labels:\n"
                + "    app.kubernetes.io/part-of: ep\n  name: event-ingest\n  namespace: ep\nspec:\n  maxUnavailable: 1\n"
                + "  selector:\n    matchLabels:\n      app.kubernetes.io/name: event-ingester");
        assertThat(budget).isNotEqualTo(production);
        assertThat(problems(budget)).anySatisfy(p -> assertThat(p).contains("PodDisruptionBudget/event-ingest"
                + " spec.selector: selects no workload"));
        assertThat(problems(production.replace("kind: StatefulSet\n    name: assignment-service",
                "kind: Deployment\n    name: assignment-service")))
                .anySatisfy(p -> assertThat(p).contains("scaleTargetRef: Deployment/assignment-service is not"));
    }

    @Test
    void shouldRejectCommittedSecret() {
        String withSecret = production + "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ep-console\n"
                + "stringData:\n  assignment-api-key: changeme\n";
        assertThat(problems(withSecret)).anySatisfy(p -> assertThat(p).contains("ship a Secret"));
    }

    private List<String> problems(String yaml) {
        return validator.validate(yaml).stream().map(Problem::toString).toList();
    }

    private static String replaceFirst(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("fixture text '%s' in the render", from).isNotNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    private static String removeDocument(String yaml, String marker) {
        String[] documents = yaml.split("(?m)^---\n");
        List<String> kept = Arrays.stream(documents).filter(d -> !d.contains(marker)).toList();
        assertThat(kept).hasSize(documents.length - 1);
        return kept.stream().collect(Collectors.joining("---\n"));
    }
}
