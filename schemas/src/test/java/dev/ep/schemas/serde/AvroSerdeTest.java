package dev.ep.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.schemas.EventFixtures;
import dev.ep.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static final String TOPIC = "ep.events";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void shouldReadBackEqualRecordWhenEachEventTypeRoundTripsThroughTheWireFormat() {
    // given
    AvroSerializer<SpecificRecord> serializer = serializer(Map.of());
    AvroDeserializer<SpecificRecord> deserializer = new AvroDeserializer<>(registry);
    deserializer.configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true"), false);

    for (Map.Entry<Topic<String, ?>, SpecificRecord> entry : EventFixtures.onePerTopic().entrySet()) {
      // when
      byte[] bytes = serializer.serialize(entry.getKey().name(), entry.getValue());
      SpecificRecord read = deserializer.deserialize(entry.getKey().name(), bytes);

      // then
      assertThat(read).as(entry.getKey().name()).isEqualTo(entry.getValue());
    }
    assertThat(registry.subjects()).containsExactlyInAnyOrder("ep.assignments-value", "ep.coverage-value",
        "ep.events-value", "ep.config.experiments-value", "ep.config.changes-value");
  }

  @Test
  void shouldWriteEachRecordAsAFreshEncoderWouldWhenOneThreadReusesItsBufferForRecordsOfEverySize() {
    // given records from a few bytes to past the kept buffer's bound, in a shuffled order, and failures among them
    AvroSerializer<TrackingEvent> serializer = serializer(Map.of());
    int registeredId = -1;
    java.util.Random random = new java.util.Random(13);
    int[] sizes = {0, 1, 10, 1_000, 5_000, 100_000, AvroSerializer.KEPT_BUFFER_BYTES + 10, 3};
    for (int n = 0; n < 60; n++) {
      int size = sizes[random.nextInt(sizes.length)];
      TrackingEvent event = TrackingEvent.newBuilder(EventFixtures.trackingEvent())
          .setProperties(Map.of("blob", "x".repeat(size), "n", Integer.toString(n))).build();
      if (n % 7 == 3) {
        // a record that fails half-way (a null where the schema has none): refused, and nothing of it is reused
        TrackingEvent broken = TrackingEvent.newBuilder(event).build();
        broken.put("sessionId", null);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, broken)).isInstanceOf(SerializationException.class);
      }

      // when
      byte[] bytes = serializer.serialize(TOPIC, event);

      // then the bytes are the header and a fresh direct encoder's output
      registeredId = registry.lookup("ep.events-value", TrackingEvent.getClassSchema()).orElseThrow().id();
      assertThat(bytes).as("record %d of %d bytes", n, size).isEqualTo(reference(registeredId, event));
    }
  }

  private static byte[] reference(int schemaId, TrackingEvent event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new org.apache.avro.specific.SpecificDatumWriter<TrackingEvent>(TrackingEvent.getClassSchema())
          .write(event, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shouldWriteMagicByteAndBigEndianSchemaIdWhenSerializing() {
    // given
    AvroSerializer<TrackingEvent> serializer = serializer(Map.of());

    // when
    byte[] bytes = serializer.serialize(TOPIC, EventFixtures.trackingEvent());

    // then
    int registeredId = registry.lookup("ep.events-value", TrackingEvent.getClassSchema()).orElseThrow().id();
    assertThat(bytes[0]).isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(0, 0, 0, (byte) registeredId);
  }

  @Test
  void shouldUseKeySubjectWhenSerializerIsForKeys() {
    // given
    AvroSerializer<TrackingEvent> serializer = new AvroSerializer<>(registry, Map.of(), true);

    // when
    serializer.serialize(TOPIC, EventFixtures.trackingEvent());

    // then
    assertThat(registry.subjects()).containsExactly("ep.events-key");
  }

  @Test
  void shouldUseRecordNameSubjectWhenConfiguredWithConfluentClassName() {
    // given
    AvroSerializer<TrackingEvent> serializer = serializer(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
        "io.confluent.kafka.serializers.subject.RecordNameStrategy"));

    // when
    serializer.serialize(TOPIC, EventFixtures.trackingEvent());

    // then
    assertThat(registry.subjects()).containsExactly("dev.ep.events.v1.TrackingEvent");
  }

  @Test
  void shouldCallRegistryOnceWhenSerializingManyRecordsOfOneSchema() {
    // given
    AvroSerializer<TrackingEvent> serializer = serializer(Map.of());

    // when
    for (int i = 0; i < 100; i++) {
      serializer.serialize(TOPIC, EventFixtures.trackingEvent());
    }

    // then
    assertThat(registry.registerCalls).hasValue(1);
  }

  @Test
  void shouldFetchWriterSchemaOnceWhenDeserializingManyRecords() {
    // given
    byte[] bytes = serializer(Map.of()).serialize(TOPIC, EventFixtures.trackingEvent());
    AvroDeserializer<TrackingEvent> deserializer = deserializer();

    // when
    for (int i = 0; i < 100; i++) {
      deserializer.deserialize(TOPIC, bytes);
    }

    // then
    assertThat(registry.byIdCalls).hasValue(1);
  }

  @Test
  void shouldLookUpInsteadOfRegisteringWhenAutoRegisterIsOff() {
    // given
    int id = registry.add("ep.events-value", TrackingEvent.getClassSchema());
    AvroSerializer<TrackingEvent> serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"));

    // when
    byte[] first = serializer.serialize(TOPIC, EventFixtures.trackingEvent());
    serializer.serialize(TOPIC, EventFixtures.trackingEvent());

    // then
    assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(id);
    assertThat(registry.registerCalls).hasValue(0);
    assertThat(registry.lookupCalls).hasValue(1);
  }

  @Test
  void shouldFailNamingSubjectWhenSchemaIsNotRegisteredAndAutoRegisterIsOff() {
    // given
    AvroSerializer<TrackingEvent> serializer = serializer(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false));

    // when / then
    assertThatThrownBy(() -> serializer.serialize(TOPIC, EventFixtures.trackingEvent()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered under subject 'ep.events-value'")
        .hasMessageContaining("auto.register.schemas=false");
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void shouldReturnNullWhenRecordOrBytesAreNull() {
    assertThat(serializer(Map.of()).serialize(TOPIC, null)).isNull();
    assertThat(deserializer().deserialize(TOPIC, null)).isNull();
  }

  @Test
  void shouldRejectPayloadWhenMagicByteIsUnknown() {
    // given
    byte[] bytes = serializer(Map.of()).serialize(TOPIC, EventFixtures.trackingEvent());
    bytes[0] = 1;

    // when / then
    assertThatThrownBy(() -> deserializer().deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown magic byte 1")
        .hasMessageContaining(TOPIC);
  }

  @Test
  void shouldRejectPayloadWhenShorterThanHeader() {
    assertThatThrownBy(() -> deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("payload has 3 byte(s)");
  }

  @Test
  void shouldRejectPayloadWhenAvroBodyIsTruncated() {
    // given
    byte[] bytes = serializer(Map.of()).serialize(TOPIC, EventFixtures.trackingEvent());
    byte[] truncated = Arrays.copyOf(bytes, 12);

    // when / then
    assertThatThrownBy(() -> deserializer().deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated or corrupt");
  }

  @Test
  void shouldRejectPayloadWhenSchemaIdIsUnknown() {
    // given
    byte[] bytes = ByteBuffer.allocate(8).put((byte) 0).putInt(4711).put(new byte[] {2, 3, 4}).array();

    // when / then
    assertThatThrownBy(() -> deserializer().deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema id 4711");
  }

  @Test
  void shouldFillDefaultWhenWriterSchemaIsOlderAndLacksAField() throws IOException {
    // given an older writer without the properties map
    Schema older = SchemaEdits.withoutField(TrackingEvent.getClassSchema(), "properties");
    int id = registry.add("ep.events-value", older);
    GenericRecord record = genericTrackingEvent(older, new GenericData.EnumSymbol(older.getField("type").schema(),
        "ORDER"));

    // when
    TrackingEvent read = deserializer().deserialize(TOPIC, encode(id, older, record));

    // then
    assertThat(read.getProperties()).isEmpty();
    assertThat(read.getType()).isEqualTo(TrackingType.ORDER);
    assertThat(read.getValue()).isEqualTo(12_999L);
  }

  @Test
  void shouldReadUnknownEnumSymbolAsDefaultWhenWriterSchemaIsNewer() throws IOException {
    // given a newer writer whose tracking type has a symbol this reader does not know
    Schema newer = SchemaEdits.withEnumSymbolAdded(TrackingEvent.getClassSchema(), "type", "SEARCH");
    int id = registry.add("ep.events-value", newer);
    GenericRecord record = genericTrackingEvent(newer, new GenericData.EnumSymbol(newer.getField("type").schema(),
        "SEARCH"));
    record.put("properties", Map.of());

    // when
    TrackingEvent read = deserializer().deserialize(TOPIC, encode(id, newer, record));

    // then
    assertThat(read.getType()).isEqualTo(TrackingType.UNKNOWN);
  }

  @Test
  void shouldRejectWithReasonWhenWriterSchemaCannotBeReadAsTargetClass() throws IOException {
    // given a writer without the required sessionId field
    Schema incompatible = SchemaEdits.withoutField(TrackingEvent.getClassSchema(), "sessionId");
    int id = registry.add("ep.events-value", incompatible);
    GenericRecord record = genericTrackingEvent(incompatible,
        new GenericData.EnumSymbol(incompatible.getField("type").schema(), "ORDER"));
    record.put("properties", Map.of());
    byte[] bytes = encode(id, incompatible, record);

    // when / then
    assertThatThrownBy(() -> deserializer().deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot be read as dev.ep.events.v1.TrackingEvent")
        .hasMessageContaining("sessionId");
  }

  @Test
  void shouldReturnGenericRecordWhenSpecificReaderIsOff() {
    // given
    byte[] bytes = serializer(Map.of()).serialize(TOPIC, EventFixtures.trackingEvent());
    AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>(registry);
    deserializer.configure(Map.of(), false);

    // when
    GenericRecord read = deserializer.deserialize(TOPIC, bytes);

    // then
    assertThat(read).isNotInstanceOf(TrackingEvent.class);
    assertThat(read.get("sessionId")).hasToString("session-1");
  }

  @Test
  void shouldReturnConfiguredValueTypeWhenSpecificValueTypeIsSet() {
    // given
    byte[] bytes = serializer(Map.of()).serialize(TOPIC, EventFixtures.trackingEvent());
    AvroDeserializer<TrackingEvent> deserializer = new AvroDeserializer<>(registry);
    deserializer.configure(Map.of(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, TrackingEvent.class.getName()), false);

    // when
    TrackingEvent read = deserializer.deserialize(TOPIC, bytes);

    // then
    assertThat(read).isEqualTo(EventFixtures.trackingEvent());
  }

  @Test
  void shouldWriteWithLatestRegisteredSchemaWhenUseLatestVersionIsOn() {
    // given the subject's latest schema has a field this producer's class does not know
    Schema latest = SchemaEdits.withOptionalStringField(TrackingEvent.getClassSchema(), "channel");
    registry.add("ep.events-value", TrackingEvent.getClassSchema());
    int latestId = registry.add("ep.events-value", latest);
    AvroSerializer<TrackingEvent> serializer = serializer(Map.of(AvroSerdeConfig.USE_LATEST_VERSION, "true",
        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"));

    // when
    byte[] bytes = serializer.serialize(TOPIC, EventFixtures.trackingEvent());
    serializer.serialize(TOPIC, EventFixtures.trackingEvent());

    // then
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
    assertThat(deserializer().deserialize(TOPIC, bytes)).isEqualTo(EventFixtures.trackingEvent());
    assertThat(registry.latestCalls).hasValue(1);
    assertThat(registry.registerCalls).hasValue(0);
  }

  @Test
  void shouldFailConfigurationWhenNoRegistryUrlAndNoRegistryGiven() {
    assertThatThrownBy(() -> new AvroSerializer<TrackingEvent>().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void shouldFailConfigurationWhenSubjectStrategyIsUnsupported() {
    assertThatThrownBy(() -> serializer(Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "com.example.Mine")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unsupported subject name strategy");
  }

  private <T extends org.apache.avro.generic.IndexedRecord> AvroSerializer<T> serializer(Map<String, ?> configs) {
    return new AvroSerializer<>(registry, new HashMap<>(configs), false);
  }

  private AvroDeserializer<TrackingEvent> deserializer() {
    return new AvroDeserializer<>(registry, TrackingEvent.class, Map.of(), false);
  }

  private static GenericRecord genericTrackingEvent(Schema schema, GenericData.EnumSymbol type) {
    TrackingEvent fixture = EventFixtures.trackingEvent();
    GenericRecord record = new GenericData.Record(schema);
    record.put("eventId", fixture.getEventId());
    record.put("time", fixture.getTime().toEpochMilli());
    record.put("receivedTime", fixture.getReceivedTime().toEpochMilli());
    if (schema.getField("sessionId") != null) {
      record.put("sessionId", fixture.getSessionId());
    }
    record.put("userId", fixture.getUserId());
    record.put("type", type);
    record.put("name", null);
    record.put("page", fixture.getPage());
    record.put("value", fixture.getValue());
    record.put("currency", fixture.getCurrency());
    return record;
  }

  private static byte[] encode(int id, Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
