package dev.ep.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian int), then the Avro binary
 * encoding of the value with that schema.
 */
final class WireFormat {

  static final byte MAGIC_BYTE = 0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {
  }

  static void writeHeader(ByteBuffer buffer, int schemaId) {
    buffer.put(MAGIC_BYTE).putInt(schemaId);
  }

  /** Validates the header and returns the schema id. */
  static int readSchemaId(String topic, byte[] data) {
    if (data.length < HEADER_SIZE) {
      throw new SerializationException("Cannot deserialize record of topic " + topic + ": payload has " + data.length
          + " byte(s), the Confluent wire format needs at least " + HEADER_SIZE + " (magic byte + schema id)");
    }
    if (data[0] != MAGIC_BYTE) {
      throw new SerializationException("Cannot deserialize record of topic " + topic + ": unknown magic byte "
          + data[0] + " (expected " + MAGIC_BYTE + "); the record was not written in the Confluent wire format");
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }
}
