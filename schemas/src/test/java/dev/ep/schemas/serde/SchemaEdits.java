package dev.ep.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/** Builds evolved variants of a record schema, to play an older or newer writer. */
final class SchemaEdits {

  private SchemaEdits() {
  }

  static Schema withoutField(Schema record, String fieldName) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      if (!f.name().equals(fieldName)) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return copy(record, fields);
  }

  static Schema withOptionalStringField(Schema record, String fieldName) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema optional = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    fields.add(new Schema.Field(fieldName, optional, "added later", JsonProperties.NULL_VALUE));
    return copy(record, fields);
  }

  /** Replaces the enum type of {@code fieldName} by one with an extra symbol. */
  static Schema withEnumSymbolAdded(Schema record, String fieldName, String symbol) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      if (f.name().equals(fieldName)) {
        Schema e = f.schema();
        List<String> symbols = new ArrayList<>(e.getEnumSymbols());
        symbols.add(symbol);
        Schema wider = Schema.createEnum(e.getName(), e.getDoc(), e.getNamespace(), symbols, e.getEnumDefault());
        fields.add(new Schema.Field(f, wider));
      } else {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    return copy(record, fields);
  }

  private static Schema copy(Schema record, List<Schema.Field> fields) {
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
