package dev.ep.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each validator rejects a broken manifest: the committed production render, broken in one place per test, must
 * produce the problem that names the break.
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
        String broken = edit("kind: Deployment", "name: event-ingest\n", "periodSeconds: 5", "periodSecond: 5");

        assertThat(problems(broken)).anySatisfy(p -> assertThat(p).startsWith("Deployment/event-ingest")
                .contains("readinessProbe.periodSecond: unknown field"));
    }

    @Test
    void shouldRejectValueOfTheWrongTypeInAKubernetesObject() {
        String broken = edit("kind: HorizontalPodAutoscaler", "name: assignment-service\n", "maxReplicas: 6",
                "maxReplicas: six");

        assertThat(problems(broken)).anySatisfy(p -> assertThat(p).startsWith("HorizontalPodAutoscaler/"
                + "assignment-service: does not read as HorizontalPodAutoscaler"));
    }

    @Test
    void shouldRejectTypoAndWrongTypeInAStrimziObject() {
        assertThat(problems(edit("kind: KafkaNodePool", "name: brokers\n", "deleteClaim: false",
                "deleteClaims: false")))
                .anySatisfy(p -> assertThat(p).startsWith("KafkaNodePool/brokers spec.storage.deleteClaims: unknown"));
        assertThat(problems(edit("kind: Kafka\n", "name: ep-kafka\n", "tls: false", "tls: \"no\"")))
                .anySatisfy(p -> assertThat(p).startsWith("Kafka/ep-kafka: does not read as Kafka"));
    }

    @Test
    void shouldRejectTypoAndWrongTypeInACloudNativePgObject() {
        assertThat(problems(edit("kind: Cluster", "name: ep-postgres\n", "enableSuperuserAccess: false",
                "enableSuperUserAccess: false")))
                .anySatisfy(p -> assertThat(p).startsWith("Cluster/ep-postgres spec.enableSuperUserAccess: unknown"));
        assertThat(problems(edit("kind: Cluster", "name: ep-postgres\n", "max_connections: \"200\"",
                "max_connections: 200")))
                .anySatisfy(p -> assertThat(p).isEqualTo("Cluster/ep-postgres spec.postgresql.parameters"
                        + ".max_connections: expected string, got integer"));
    }

    @Test
    void shouldRejectMissingTopic() {
        List<String> documents = new ArrayList<>(documents(production));
        assertThat(documents.removeIf(d -> d.contains("topicName: ep.results\n"))).isTrue();

        assertThat(problems(String.join("---\n", documents))).anySatisfy(p -> assertThat(p)
                .contains("topic ep.results of the topic registry has no KafkaTopic"));
    }

    @Test
    void shouldRejectTopicThatDiffersFromTheRegistry() {
        assertThat(problems(edit("kind: KafkaTopic", "topicName: ep.events\n", "partitions: 6", "partitions: 3")))
                .anySatisfy(p -> assertThat(p).isEqualTo("KafkaTopic/ep-events spec.partitions: 3, but the topic"
                        + " registry declares 6"));
        assertThat(problems(edit("kind: KafkaTopic", "topicName: ep.events\n", "cleanup.policy: delete",
                "cleanup.policy: compact")))
                .anySatisfy(p -> assertThat(p).startsWith("KafkaTopic/ep-events spec.config:"));
        assertThat(problems(edit("kind: KafkaTopic", "topicName: ep.events\n", "topicName: ep.events",
                "topicName: ep.event")))
                .anySatisfy(p -> assertThat(p).contains("ep.event is not a topic of the topic registry"));
    }

    @Test
    void shouldRejectServiceThatSelectsNothingAndProbeOnAMissingPort() {
        assertThat(problems(edit("kind: Service\n", "name: console\n",
                "  selector:\n    app.kubernetes.io/name: console", "  selector:\n    app.kubernetes.io/name: consol")))
                .anySatisfy(p -> assertThat(p).startsWith("Service/console spec.selector: selects no workload"));
        assertThat(problems(edit("kind: Deployment", "name: console\n", "port: http", "port: admin")))
                .anySatisfy(p -> assertThat(p).contains("port admin is not a port of the container"));
    }

    @Test
    void shouldRejectUndocumentedSecretKey() {
        assertThat(problems(edit("\nkind: StatefulSet\n", "name: assignment-service\n", "key: api-key-hashes",
                "key: api-keys")))
                .anySatisfy(p -> assertThat(p).contains("Secret ep-assignment key api-keys is neither defined"));
        assertThat(problems(edit("kind: Cluster", "name: ep-postgres\n", "name: ep-postgres-event-ingest",
                "name: ep-postgres-ingest")))
                .anySatisfy(p -> assertThat(p).contains("Secret ep-postgres-ingest with keys username and password"));
    }

    @Test
    void shouldRejectContainerWithoutResources() {
        String console = documents(production).stream()
                .filter(d -> d.contains("kind: Deployment") && d.contains("name: console\n")).findFirst().orElseThrow();
        int start = console.indexOf("        resources:\n");
        int end = console.indexOf("\n        securityContext:", start);
        assertThat(start).isPositive();
        assertThat(end).isGreaterThan(start);
        String broken = production.replace(console, console.substring(0, start) + console.substring(end + 1));

        assertThat(problems(broken)).anySatisfy(p -> assertThat(p).isEqualTo("Deployment/console container console:"
                + " needs resources: requests.cpu, requests.memory and limits.memory"));
    }

    @Test
    void shouldRejectBudgetThatSelectsNoPodsAndAutoscalerWithoutTarget() {
        assertThat(problems(edit("kind: PodDisruptionBudget", "name: event-ingest\n",
                "matchLabels:\n      app.kubernetes.io/name: event-ingest",
                "matchLabels:\n      app.kubernetes.io/name: event-ingester")))
                .anySatisfy(p -> assertThat(p).startsWith("PodDisruptionBudget/event-ingest spec.selector: selects"
                        + " no workload"));
        assertThat(problems(edit("kind: HorizontalPodAutoscaler", "name: assignment-service\n", "kind: StatefulSet",
                "kind: Deployment")))
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

    /** The production render with the first {@code from} of the one document holding both markers replaced. */
    private String edit(String kindMarker, String nameMarker, String from, String to) {
        List<String> documents = documents(production);
        List<String> matching = documents.stream()
                .filter(d -> d.contains(kindMarker) && d.contains(nameMarker)).toList();
        assertThat(matching).as("documents with %s and %s", kindMarker, nameMarker).hasSize(1);
        String document = matching.get(0);
        int at = document.indexOf(from);
        assertThat(at).as("'%s' in %s", from, nameMarker).isNotNegative();
        String edited = document.substring(0, at) + to + document.substring(at + from.length());
        return String.join("---\n", documents.stream().map(d -> d.equals(document) ? edited : d).toList());
    }

    private static List<String> documents(String yaml) {
        return Arrays.asList(yaml.split("(?m)^---\n"));
    }
}
