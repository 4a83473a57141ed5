package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.TrackingEvent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Guards schema evolution: each schema released under {@code src/test/resources/released/vN} must stay readable by
 * the current generated classes. When a release ships, copy {@code src/main/avro} to a new {@code released/vN+1}.
 */
class SchemaEvolutionTest {

  @Test
  void shouldReadEveryReleasedSchemaWhenComparedWithCurrentClasses() throws URISyntaxException {
    // given
    List<Path> releases = releases();

    // when
    List<String> violations = new ArrayList<>();
    for (Path release : releases) {
      Map<String, Schema> released = BackwardCompatibilityGuard.loadReleased(release);
      assertThat(released).as("released schemas in " + release).isNotEmpty();
      BackwardCompatibilityGuard.violations(released, SchemaEvolutionTest::currentSchema)
          .forEach(v -> violations.add(release.getFileName() + "/" + v));
    }

    // then
    assertThat(violations).isEmpty();
  }

  /** Topic value schemas new since the last release: copied into the next released/vN with it, then removed here. */
  private static final Set<String> ADDED_SINCE_LAST_RELEASE = Set.of("dev.ep.events.v1.ArmResult");

  @Test
  void shouldReleaseEveryTopicValueSchemaWhenReleaseV1IsTheBaseline() throws URISyntaxException {
    // given
    Map<String, Schema> released = BackwardCompatibilityGuard.loadReleased(releases().get(0));

    // when / then
    Topics.all().stream().flatMap(t -> t.valueSchema().stream())
        .filter(s -> !ADDED_SINCE_LAST_RELEASE.contains(s.getFullName()))
        .forEach(s -> assertThat(released).as("released v1").containsKey(s.getFullName()));
  }

  @Test
  void shouldReportViolationWhenFieldIsAddedWithoutDefault() {
    // given a current schema with a new required field
    Schema released = TrackingEvent.getClassSchema();
    Schema current = withExtraField(released, "channel", null);

    // when
    List<String> violations = BackwardCompatibilityGuard.violations(Map.of(released.getFullName(), released),
        name -> current);

    // then
    assertThat(violations).singleElement().asString()
        .contains("dev.ep.events.v1.TrackingEvent: not BACKWARD compatible")
        .contains("channel");
  }

  @Test
  void shouldAcceptChangeWhenFieldIsAddedWithDefault() {
    // given
    Schema released = TrackingEvent.getClassSchema();
    Schema current = withExtraField(released, "channel", "web");

    // when / then
    assertThat(BackwardCompatibilityGuard.violations(Map.of(released.getFullName(), released), name -> current))
        .isEmpty();
  }

  @Test
  void shouldReportViolationWhenReleasedTypeDisappears() {
    // given
    Schema released = TrackingEvent.getClassSchema();

    // when / then
    assertThat(BackwardCompatibilityGuard.violations(Map.of(released.getFullName(), released), name -> null))
        .containsExactly("dev.ep.events.v1.TrackingEvent: released type no longer exists");
  }

  private static Schema currentSchema(String fullName) {
    try {
      return SpecificData.get().getSchema(Class.forName(fullName));
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static List<Path> releases() throws URISyntaxException {
    Path root = Path.of(SchemaEvolutionTest.class.getResource("/released").toURI());
    List<Path> releases = new ArrayList<>();
    for (int v = 1; root.resolve("v" + v).toFile().isDirectory(); v++) {
      releases.add(root.resolve("v" + v));
    }
    assertThat(releases).as("released schema directories").isNotEmpty();
    return releases;
  }

  private static Schema withExtraField(Schema record, String name, String defaultValue) {
    List<Schema.Field> fields = new ArrayList<>();
    record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(defaultValue == null
        ? new Schema.Field(name, Schema.create(Schema.Type.STRING), "new", (Object) null) // no default
        : new Schema.Field(name, Schema.create(Schema.Type.STRING), "new", defaultValue));
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
