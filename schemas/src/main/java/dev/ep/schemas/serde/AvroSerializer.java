package dev.ep.schemas.serde;

import dev.ep.schemas.AvroTrust;
import dev.ep.schemas.registry.RegisteredSchema;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro records (generated specific classes, or generic records) in the Confluent wire
 * format: magic byte 0, the 4-byte big-endian schema id, the Avro binary encoding. The subject is
 * {@code <topic>-value} (or {@code -key}) unless another strategy is configured. Schema ids are cached per subject
 * and schema, so the registry is called once per schema; call {@link #prepare(String, Schema)} at start to pay that
 * call before the first record. Configured with Confluent's property names, see {@link AvroSerdeConfig}.
 *
 * <p>A null record serializes to null (a Kafka tombstone). Thread-safe, as a producer requires.
 *
 * <p>Each thread keeps one output buffer and one buffered Avro encoder, reused record after record (a producer
 * serializes on the threads that call {@code send}: usually one). A record is encoded into the buffer, then copied
 * once into the array Kafka keeps: no growing a fresh stream byte by byte per record (issue 13: a 1,000-experiment
 * decision of ~50 assignments spent most of its serialization growing and locking a {@code ByteArrayOutputStream}).
 * Bound: a thread keeps a buffer of at most {@value #KEPT_BUFFER_BYTES} bytes; a larger record's buffer is dropped
 * after it. A failed serialization drops the thread's encoder and buffer, so nothing half-written is reused.
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

  static {
    AvroTrust.install();
  }


  /** The largest output buffer a thread keeps between records. */
  static final int KEPT_BUFFER_BYTES = 1 << 20;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private record Writer(int schemaId, Schema writeSchema, DatumWriter<Object> datumWriter, boolean project) {
  }

  private record WriterKey(String subject, Schema recordSchema) {
  }

  private SchemaRegistry registry;
  private SchemaCache cache;
  private AvroSerdeConfig config;
  private boolean isKey;
  private final Map<WriterKey, Writer> writers = new ConcurrentHashMap<>();

  /** For Kafka's reflective instantiation: {@link #configure} creates the registry client from the properties. */
  public AvroSerializer() {
  }

  /** Uses the given registry (the properties still configure the serde's behaviour). */
  public AvroSerializer(SchemaRegistry registry) {
    this.registry = registry;
  }

  /** Uses the given registry and settings; no {@link #configure} call needed. */
  public AvroSerializer(SchemaRegistry registry, Map<String, ?> configs, boolean isKey) {
    this.registry = registry;
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.from(configs);
    this.isKey = isKey;
    if (registry == null) {
      registry = new SchemaRegistryClient(config.registry().orElseThrow(() -> new org.apache.kafka.common.config
          .ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is required")));
    }
    this.cache = new SchemaCache(registry);
  }

  /**
   * Registers (or looks up) the schema's id for the topic now, so the first {@link #serialize} does not wait for the
   * registry. Returns the id records will carry.
   */
  public int prepare(String topic, Schema schema) {
    if (config == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    return writer(topic, schema).schemaId();
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    Writer writer = writer(topic, record.getSchema());
    Scratch scratch = SCRATCH.get();
    boolean done = false;
    try {
      Object datum = writer.project() ? project(record, writer.writeSchema()) : record;
      BinaryEncoder encoder = scratch.encoder();
      scratch.out.reset();
      WireFormat.writeHeader(ByteBuffer.wrap(scratch.out.reserve(WireFormat.HEADER_SIZE), 0,
          WireFormat.HEADER_SIZE), writer.schemaId());
      writer.datumWriter().write(datum, encoder);
      encoder.flush();
      byte[] bytes = scratch.out.toByteArray();
      done = true;
      return bytes;
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new SerializationException("Cannot serialize " + record.getSchema().getFullName() + " for topic "
          + topic + " with schema id " + writer.schemaId() + ": " + e.getMessage(), e);
    } finally {
      if (!done || scratch.out.capacity() > KEPT_BUFFER_BYTES) {
        SCRATCH.remove();
      }
    }
  }

  /** One thread's reusable output: an unsynchronized growable byte buffer and the buffered encoder writing to it. */
  private static final class Scratch {
    private final Output out = new Output();
    private BinaryEncoder encoder;

    /** The encoder, with nothing buffered: configured on {@link #out} (a fresh one the first time). */
    BinaryEncoder encoder() {
      encoder = EncoderFactory.get().binaryEncoder(out, encoder);
      return encoder;
    }
  }

  /** A growable byte buffer as an {@link OutputStream}, without {@link ByteArrayOutputStream}'s locking. */
  static final class Output extends OutputStream {
    private byte[] buffer = new byte[1024];
    private int count;

    void reset() {
      count = 0;
    }

    int capacity() {
      return buffer.length;
    }

    /** Makes room for {@code n} bytes at the end, counts them as written, and returns the buffer to fill them in. */
    byte[] reserve(int n) {
      ensure(n);
      count += n;
      return buffer;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      ensure(length);
      System.arraycopy(bytes, offset, buffer, count, length);
      count += length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer, count);
    }

    private void ensure(int n) {
      if (n > buffer.length - count) {
        long wanted = Math.max((long) buffer.length * 2, (long) count + n);
        if (wanted > Integer.MAX_VALUE - 8) {
          throw new AvroRuntimeException("record too large to serialize: " + ((long) count + n) + " bytes");
        }
        buffer = Arrays.copyOf(buffer, (int) wanted);
      }
    }
  }

  private Writer writer(String topic, Schema schema) {
    String subject = config.subjectStrategy(isKey).subject(topic, isKey, schema);
    WriterKey key = new WriterKey(subject, schema);
    Writer cached = writers.get(key);
    if (cached != null) {
      return cached;
    }
    Writer writer = config.useLatestVersion()
        ? latestWriter(subject, schema)
        : new Writer(cache.idFor(subject, schema, config.autoRegister()), schema, new SpecificDatumWriter<>(schema),
            false);
    Writer previous = writers.putIfAbsent(key, writer);
    return previous != null ? previous : writer;
  }

  private Writer latestWriter(String subject, Schema recordSchema) {
    RegisteredSchema latest = cache.latest(subject);
    if (latest.schema().equals(recordSchema)) {
      return new Writer(latest.id(), recordSchema, new SpecificDatumWriter<>(recordSchema), false);
    }
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), recordSchema);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException("use.latest.version=true: the latest schema of subject '" + subject
          + "' (id " + latest.id() + ") cannot represent records of " + recordSchema.getFullName() + ": "
          + compatibility.getDescription());
    }
    return new Writer(latest.id(), latest.schema(), new GenericDatumWriter<>(latest.schema()), true);
  }

  /** Re-reads the record through Avro schema resolution so it can be written with the subject's latest schema. */
  private static GenericRecord project(IndexedRecord record, Schema target) throws IOException {
    ByteArrayOutputStream own = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(own, null);
    new SpecificDatumWriter<>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(record.getSchema(), target)
        .read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
  }

  @Override
  public void close() {
    writers.clear();
  }
}
