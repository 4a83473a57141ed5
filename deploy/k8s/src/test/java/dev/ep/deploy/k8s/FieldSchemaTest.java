package dev.ep.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class FieldSchemaTest {

    private static final FieldSchema SCHEMA = schema("""
            type: object
            required: [partitions]
            properties:
              partitions:
                type: integer
                minimum: 1
              cleanup:
                type: string
                enum: [delete, compact]
              name:
                type: string
                pattern: '[a-z.]+'
              size:
                type: quantity
              roles:
                type: array
                minItems: 1
                items:
                  type: string
              config:
                type: object
                additionalProperties:
                  type: scalar
              secret:
                $ref: reference
            definitions:
              reference:
                type: object
                required: [name]
                properties:
                  name:
                    type: string
            """);

    @Test
    void shouldAcceptEveryDeclaredShape() {
        assertThat(problems("""
                partitions: 6
                cleanup: compact
                name: ep.events
                size: 20Gi
                roles: [broker]
                config: {retention.ms: "-1", auto.create.topics.enable: false, factor: 3}
                secret: {name: s}
                """)).isEmpty();
    }

    @Test
    void shouldRejectUnknownFieldAtAnyDepth() {
        assertThat(problems("partitions: 6\npartition: 6\nsecret: {name: s, nmae: t}"))
                .extracting(Problem::path).containsExactlyInAnyOrder("spec.partition", "spec.secret.nmae");
    }

    @Test
    void shouldRejectWrongTypes() {
        assertThat(problems("partitions: six\nroles: broker\nconfig: {a: [1]}\nsize: lots"))
                .extracting(Problem::path)
                .containsExactlyInAnyOrder("spec.partitions", "spec.roles", "spec.config.a", "spec.size");
    }

    @Test
    void shouldRejectMissingRequiredFieldAndValuesOutOfRange() {
        assertThat(problems("cleanup: compacted\nname: Ep-Events\nroles: []\nsecret: {}"))
                .extracting(Problem::path)
                .containsExactlyInAnyOrder("spec.partitions", "spec.cleanup", "spec.name", "spec.roles",
                        "spec.secret.name");
        assertThat(problems("partitions: 0")).extracting(Problem::message)
                .containsExactly("0 is below the minimum 1");
    }

    @Test
    void shouldRefuseSchemaWithUnknownKeywordOrType() {
        assertThatThrownBy(() -> schema("type: object\nproperties: {a: {type: string, patern: x}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patern");
        assertThatThrownBy(() -> schema("type: text"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text");
        assertThatThrownBy(() -> schema("type: object\nproperties: {a: {$ref: nowhere}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nowhere");
    }

    private static List<Problem> problems(String yaml) {
        List<Problem> problems = new ArrayList<>();
        SCHEMA.validate("KafkaTopic/t", new Yaml().load(yaml), "spec", problems);
        return problems;
    }

    private static FieldSchema schema(String yaml) {
        Map<String, Object> document = new Yaml().load(yaml);
        return FieldSchema.of(document);
    }
}
