package dev.ep.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * The schema evolution rule: every released schema must be readable by the current one (BACKWARD: a consumer with
 * the new schema reads data written with the released one), and no released type may disappear.
 */
final class BackwardCompatibilityGuard {

  private BackwardCompatibilityGuard() {
  }

  /** Human-readable violations; empty when the current schemas may be released. */
  static List<String> violations(Map<String, Schema> released, Function<String, Schema> currentByFullName) {
    List<String> violations = new ArrayList<>();
    released.forEach((name, old) -> {
      Schema current = currentByFullName.apply(name);
      if (current == null) {
        violations.add(name + ": released type no longer exists");
        return;
      }
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(current, old);
      if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        violations.add(name + ": not BACKWARD compatible with the released schema: " + result.getDescription()
            + " " + result.getResult().getIncompatibilities());
      }
    });
    return violations;
  }

  /**
   * Parses a released directory laid out like {@code src/main/avro}: {@code common/*.avsc} first (types the others
   * name), then every top-level {@code *.avsc}. Keyed by full name.
   */
  static Map<String, Schema> loadReleased(Path directory) {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    List<String> common = avscFiles(directory.resolve("common")).stream().map(BackwardCompatibilityGuard::read)
        .toList();
    for (String text : common) {
      Schema schema = new Schema.Parser().parse(text);
      schemas.put(schema.getFullName(), schema);
    }
    for (Path file : avscFiles(directory)) {
      Schema.Parser parser = new Schema.Parser();
      common.forEach(parser::parse);
      Schema schema = parser.parse(read(file));
      schemas.put(schema.getFullName(), schema);
    }
    return schemas;
  }

  private static List<Path> avscFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
