package dev.ep.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** House rules of the event contracts, checked on the generated classes. */
class EventSchemasTest {

  @Test
  void shouldDocumentEveryTypeAndFieldWhenSchemasAreGenerated() {
    // when
    List<String> undocumented = new ArrayList<>();
    eventSchemas().forEach(s -> visit(s, new HashSet<>(), named -> {
      if (named.getDoc() == null || named.getDoc().isBlank()) {
        undocumented.add(named.getFullName());
      }
      if (named.getType() == Schema.Type.RECORD) {
        named.getFields().stream().filter(f -> f.doc() == null || f.doc().isBlank())
            .forEach(f -> undocumented.add(named.getFullName() + "." + f.name()));
      }
    }));

    // then
    assertThat(undocumented).isEmpty();
  }

  @Test
  void shouldVersionNamespaceAndGiveEnumsDefaultsWhenSchemasAreGenerated() {
    // when
    List<String> violations = new ArrayList<>();
    eventSchemas().forEach(s -> visit(s, new HashSet<>(), named -> {
      if (!"dev.ep.events.v1".equals(named.getNamespace())) {
        violations.add(named.getFullName() + " outside dev.ep.events.v1");
      }
      if (named.getType() == Schema.Type.ENUM && named.getEnumDefault() == null) {
        violations.add(named.getFullName() + " has no default symbol for forward compatibility");
      }
    }));

    // then
    assertThat(violations).isEmpty();
  }

  @Test
  void shouldUseTimestampMillisWhenFieldIsATime() {
    // when
    List<String> plainLongTimes = new ArrayList<>();
    eventSchemas().forEach(s -> visit(s, new HashSet<>(), named -> {
      if (named.getType() == Schema.Type.RECORD) {
        named.getFields().stream()
            .filter(f -> f.name().equals("time") || f.name().endsWith("Time") || f.name().endsWith("At"))
            .filter(f -> !isTimestampMillis(f.schema()))
            .forEach(f -> plainLongTimes.add(named.getFullName() + "." + f.name()));
      }
    }));

    // then
    assertThat(plainLongTimes).isEmpty();
  }

  /** A timestamp-millis long, or an optional one ({@code ["null", timestamp-millis]}). */
  private static boolean isTimestampMillis(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      List<Schema> branches = schema.getTypes();
      return branches.size() == 2 && branches.get(0).getType() == Schema.Type.NULL
          && isTimestampMillis(branches.get(1));
    }
    return schema.getLogicalType() != null && schema.getLogicalType().getName().equals("timestamp-millis");
  }

  private static List<Schema> eventSchemas() {
    return Topics.all().stream().flatMap(t -> t.valueSchema().stream()).toList();
  }

  private static void visit(Schema schema, Set<String> seen, java.util.function.Consumer<Schema> named) {
    switch (schema.getType()) {
      case RECORD -> {
        if (seen.add(schema.getFullName())) {
          named.accept(schema);
          schema.getFields().forEach(f -> visit(f.schema(), seen, named));
        }
      }
      case ENUM, FIXED -> {
        if (seen.add(schema.getFullName())) {
          named.accept(schema);
        }
      }
      case ARRAY -> visit(schema.getElementType(), seen, named);
      case MAP -> visit(schema.getValueType(), seen, named);
      case UNION -> schema.getTypes().forEach(t -> visit(t, seen, named));
      default -> {
      }
    }
  }
}
