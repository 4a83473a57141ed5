package dev.ep.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every overlay, as committed in rendered/ (validated on any machine) and as kubectl renders it now (equal to the
 * committed file, so what is validated is what gets applied).
 */
class RenderedOverlaysTest {

    static final List<String> OVERLAYS = K8sFiles.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void shouldValidateEveryObjectWhenRenderedFileIsCommitted(String overlay) {
        List<Problem> problems = K8sFiles.validator().validate(K8sFiles.golden(overlay));

        assertThat(problems).as("problems of rendered/%s.yaml", overlay).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void shouldRenderExactlyTheCommittedFile(String overlay) {
        Kustomize kubectl = K8sFiles.kubectl();

        String rendered = kubectl.render(K8sFiles.root().resolve("overlays/" + overlay));

        assertThat(rendered).as("kubectl kustomize overlays/%s differs from rendered/%s.yaml: run"
                + " deploy/k8s/render.sh and commit", overlay, overlay).isEqualTo(K8sFiles.golden(overlay));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void shouldRunAssignmentServiceAsStatefulSetThatKeepsItsJournal(String overlay) {
        StatefulSet set = typed(overlay, "StatefulSet", "assignment-service", StatefulSet.class);
        Container container = set.getSpec().getTemplate().getSpec().getContainers().get(0);

        String dataDir = env(container, "EP_ASSIGNMENT_DATA_DIR");
        String claim = set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo(claim);
            assertThat(dataDir).startsWith(mount.getMountPath() + "/");
        });
        assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
        // preStop pause + web drain (30 s) + sender join (10 s) + producer close (5 s), with room to spare
        assertThat(set.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(
                container.getLifecycle().getPreStop().getSleep().getSeconds() + 30 + 10 + 5 + 15);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");

        HorizontalPodAutoscaler hpa = typed(overlay, "HorizontalPodAutoscaler", "assignment-service",
                HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void shouldPointReportingReadOnlyReadsAtTheReplicasService(String overlay) {
        var deployment = typed(overlay, "Deployment", "reporting-service",
                io.fabric8.kubernetes.api.model.apps.Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(env(container, "EP_REPORTING_INGEST_POSTGRES_URL"))
                .isEqualTo("jdbc:postgresql://ep-postgres-ro:5432/event_ingest");
        assertThat(env(container, "EP_POSTGRES_URL")).startsWith("jdbc:postgresql://ep-postgres-rw:5432/");
        Map<String, Object> cluster = raw(overlay, "Cluster", "ep-postgres");
        // the -ro Service has members only when there are replicas
        assertThat((Integer) ((Map<?, ?>) cluster.get("spec")).get("instances")).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void shouldShipNoCredentials(String overlay) {
        assertThat(ManifestReader.read(K8sFiles.golden(overlay))).extracting(Manifest::kind).doesNotContain("Secret");
    }

    @org.junit.jupiter.api.Test
    void shouldRunProductionWithThreePostgresInstancesAndThreeBrokers() {
        Map<String, Object> cluster = raw("production", "Cluster", "ep-postgres");
        Map<String, Object> brokers = raw("production", "KafkaNodePool", "brokers");
        Map<String, Object> controllers = raw("production", "KafkaNodePool", "controllers");

        assertThat(((Map<?, ?>) cluster.get("spec")).get("instances")).isEqualTo(3);
        assertThat(((Map<?, ?>) brokers.get("spec")).get("replicas")).isEqualTo(3);
        assertThat(((Map<?, ?>) controllers.get("spec")).get("replicas")).isEqualTo(3);
    }

    private static <T> T typed(String overlay, String kind, String name, Class<T> type) {
        return new ObjectMapper().convertValue(raw(overlay, kind, name), type);
    }

    private static Map<String, Object> raw(String overlay, String kind, String name) {
        return ManifestReader.read(K8sFiles.golden(overlay)).stream()
                .filter(m -> m.kind().equals(kind) && m.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + "/" + name + " missing in " + overlay))
                .body();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError(name + " not set"));
    }
}
