package dev.ep.schemas.serde;

import dev.ep.schemas.AvroTrust;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Avro records in the Confluent wire format. The writer schema is fetched by the id in the
 * payload (once per id) and resolved to the reader schema: the target class's schema when one is given (constructor,
 * or {@code specific.avro.value.type}), else with {@code specific.avro.reader=true} the generated class named like
 * the writer schema, else the writer schema itself (a {@code GenericRecord}). Records written with an older or newer
 * compatible schema thus read into the current class.
 *
 * <p>Every failure is a {@link SerializationException} naming the topic and the cause: unknown magic byte, a
 * payload too short, an unknown schema id, a writer schema the reader cannot resolve, a corrupt body. Null bytes
 * deserialize to null (a tombstone).
 */
public class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

  static {
    AvroTrust.install();
  }


  private SchemaRegistry registry;
  private SchemaCache cache;
  private AvroSerdeConfig config;
  private Class<? extends SpecificRecord> targetType;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  /** For Kafka's reflective instantiation: {@link #configure} creates the registry client from the properties. */
  public AvroDeserializer() {
  }

  /** Uses the given registry (the properties still configure the serde's behaviour). */
  public AvroDeserializer(SchemaRegistry registry) {
    this.registry = registry;
  }

  /** Reads every record into {@code type}, using the given registry; {@link #configure} still required. */
  public AvroDeserializer(SchemaRegistry registry, Class<T> type) {
    this.registry = registry;
    this.targetType = specificType(type);
  }

  /** Reads every record into {@code type}; the registry client is created from the properties. */
  public AvroDeserializer(Class<T> type) {
    this.targetType = specificType(type);
  }

  /** Uses the given registry, type and settings; no {@link #configure} call needed. */
  public AvroDeserializer(SchemaRegistry registry, Class<T> type, Map<String, ?> configs, boolean isKey) {
    this(registry, type);
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.from(configs);
    if (targetType == null && config.type(isKey).isPresent()) {
      targetType = loadType(config.type(isKey).get());
    }
    if (registry == null) {
      registry = new SchemaRegistryClient(config.registry().orElseThrow(
          () -> new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is required")));
    }
    this.cache = new SchemaCache(registry);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    int id = WireFormat.readSchemaId(topic, data);
    DatumReader<T> reader = readers.get(id);
    if (reader == null) {
      reader = newReader(topic, id);
      DatumReader<T> previous = readers.putIfAbsent(id, reader);
      reader = previous != null ? previous : reader;
    }
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
          data.length - WireFormat.HEADER_SIZE, null));
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new SerializationException("Cannot deserialize record of topic " + topic + " with schema id " + id
          + ": the Avro body is truncated or corrupt (" + e + ")", e);
    }
  }

  private DatumReader<T> newReader(String topic, int id) {
    Schema writer = cache.byId(id, topic);
    Schema reader = readerSchema(topic, id, writer);
    if (reader == null) {
      return new GenericDatumReader<>(writer, writer);
    }
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException("Cannot deserialize record of topic " + topic + ": writer schema id " + id
          + " (" + writer.getFullName() + ") cannot be read as " + reader.getFullName() + ": "
          + compatibility.getDescription());
    }
    return new SpecificDatumReader<T>(writer, reader, SpecificData.getForSchema(reader));
  }

  /** The reader schema, or null to read generically with the writer schema. */
  private Schema readerSchema(String topic, int id, Schema writer) {
    if (targetType != null) {
      Schema schema = SpecificData.get().getSchema(targetType);
      AvroTrust.trust(schema);
      return schema;
    }
    if (!config.specificReader()) {
      return null;
    }
    Class<?> generated = SpecificData.get().getClass(writer);
    if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
      throw new SerializationException("Cannot deserialize record of topic " + topic + " (schema id " + id
          + "): specific.avro.reader=true but no generated class " + writer.getFullName() + " is on the classpath");
    }
    return SpecificData.get().getSchema(generated);
  }

  private static Class<? extends SpecificRecord> specificType(Class<?> type) {
    Objects.requireNonNull(type, "type");
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(type.getName() + " is not a generated Avro class (SpecificRecord)");
    }
    return type.asSubclass(SpecificRecord.class);
  }

  private static Class<? extends SpecificRecord> loadType(String className) {
    try {
      return specificType(Class.forName(className, true, Thread.currentThread().getContextClassLoader() != null
          ? Thread.currentThread().getContextClassLoader() : AvroDeserializer.class.getClassLoader()));
    } catch (ClassNotFoundException | IllegalArgumentException e) {
      throw new ConfigException("specific.avro type " + className + " is not a generated Avro class on the "
          + "classpath: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    readers.clear();
  }
}
