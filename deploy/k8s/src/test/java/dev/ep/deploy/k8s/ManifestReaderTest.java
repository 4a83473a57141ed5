package dev.ep.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    @Test
    void shouldReadEveryDocumentAndSkipEmptyOnes() {
        var manifests = ManifestReader.read("""
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                ---
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: b}
                """);

        assertThat(manifests).extracting(Manifest::id).containsExactly("ConfigMap/a", "Service/b");
    }

    @Test
    void shouldRefuseKeyGivenTwice() {
        assertThatThrownBy(() -> ManifestReader.read("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                data: {k: one, k: two}
                """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate key");
    }

    @Test
    void shouldRefuseDocumentThatIsNoKubernetesObject() {
        assertThatThrownBy(() -> ManifestReader.read("apiVersion: v1\nmetadata: {name: a}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document 1");
        assertThatThrownBy(() -> ManifestReader.read("- a\n- b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an object");
    }
}
