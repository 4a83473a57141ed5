package dev.ep.schemas;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to load any class by name (which {@code SpecificData} does for every generated record and
 * enum) unless it is trusted. This adds, once per JVM and on top of whatever is already trusted, trust for the
 * generated event classes of {@code dev.ep.events.*} (records and enums only) and for the named types of schemas
 * passed to {@link #trust(Schema)} (the serde does this for an explicitly configured target class).
 *
 * <p>The serde and {@link Topics} install it themselves; code that uses generated classes with Avro directly (e.g.
 * a {@code SpecificDatumWriter} writing a snapshot file) calls {@link #install()} first.
 */
public final class AvroTrust {

  private static final String EVENTS_PACKAGE = "dev.ep.events.";
  private static final Set<String> TRUSTED_NAMES = ConcurrentHashMap.newKeySet();
  private static volatile boolean installed;

  private AvroTrust() {
  }

  /** Idempotent. */
  public static void install() {
    if (installed) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!installed) {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
            AvroTrust::isTrusted));
        installed = true;
      }
    }
  }

  /** Trusts the classes generated for every named type (record, enum, fixed) reachable from {@code schema}. */
  public static void trust(Schema schema) {
    install();
    collect(schema, TRUSTED_NAMES);
  }

  static boolean isTrusted(Class<?> type) {
    String name = type.getName();
    if (TRUSTED_NAMES.contains(name)) {
      return true;
    }
    return name.startsWith(EVENTS_PACKAGE) && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum());
  }

  private static void collect(Schema schema, Set<String> names) {
    switch (schema.getType()) {
      case RECORD -> {
        if (names.add(schema.getFullName())) {
          schema.getFields().forEach(f -> collect(f.schema(), names));
        }
      }
      case ENUM, FIXED -> names.add(schema.getFullName());
      case ARRAY -> collect(schema.getElementType(), names);
      case MAP -> collect(schema.getValueType(), names);
      case UNION -> schema.getTypes().forEach(t -> collect(t, names));
      default -> {
        // primitives load no class
      }
    }
  }
}
