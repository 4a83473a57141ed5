package dev.ep.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictModelTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app.kubernetes.io/name: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app.kubernetes.io/name: web
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: web
                spec:
                  containers:
                    - name: web
                      image: ep/web
                      imagePullPolicy: IfNotPresent
                      ports:
                        - name: http
                          containerPort: 8080
                      readinessProbe:
                        httpGet:
                          path: /actuator/health/readiness
                          port: http
                      resources:
                        requests:
                          cpu: 250m
                          memory: 512Mi
            """;

    private final StrictModel model = new StrictModel();

    @Test
    void shouldReadDeploymentWhenEveryFieldIsKnown() {
        List<Problem> problems = new ArrayList<>();

        var deployment = model.read(single(DEPLOYMENT), problems);

        assertThat(problems).isEmpty();
        assertThat(deployment).isPresent();
    }

    @Test
    void shouldRejectTypoDeepInsideThePodSpec() {
        List<Problem> problems = new ArrayList<>();

        var deployment = model.read(single(DEPLOYMENT.replace("imagePullPolicy:", "imagePullPolice:")), problems);

        assertThat(deployment).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.object()).isEqualTo("Deployment/web");
            assertThat(p.path()).isEqualTo("spec.template.spec.containers[0].imagePullPolice");
            assertThat(p.message()).contains("unknown field");
        });
    }

    @Test
    void shouldRejectTypoInAProbeAndInMetadata() {
        List<Problem> problems = new ArrayList<>();

        model.read(single(DEPLOYMENT.replace("path: /actuator", "pth: /actuator")
                .replace("  labels:\n    app.kubernetes.io/name: web\nspec:", "  lables:\n    a: b\nspec:")),
                problems);

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
                "metadata.lables", "spec.template.spec.containers[0].readinessProbe.httpGet.pth");
    }

    @Test
    void shouldRejectValueOfTheWrongType() {
        List<Problem> problems = new ArrayList<>();

        var deployment = model.read(single(DEPLOYMENT.replace("replicas: 2", "replicas: two")), problems);

        assertThat(deployment).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("does not read as"
                + " Deployment"));
    }

    @Test
    void shouldRejectKindWithoutValidator() {
        List<Problem> problems = new ArrayList<>();

        model.read(single(DEPLOYMENT.replace("apiVersion: apps/v1\nkind: Deployment",
                "apiVersion: batch/v1\nkind: Job")), problems);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("no validator for"
                + " batch/v1/Job"));
    }

    private static Manifest single(String yaml) {
        return ManifestReader.read(yaml).get(0);
    }
}
