package dev.ep.reporting.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of the topology's own records (repartition topics and state stores), instead of JSON: the
 * throughput benchmark (README "Throughput") found Jackson at about half of the stream thread's CPU. The first byte
 * is the format version ({@value #FORMAT_1}); a value that starts with {@code '{'} is the JSON these records had
 * before (state stores and topics written by an older version are still read); any other first byte, or bytes that
 * do not parse, is a {@link SerializationException}, never a wrong value.
 */
final class BinarySerde<T> implements Serde<T> {

    /** The first byte of every value written by this version. */
    static final byte FORMAT_1 = 1;
    private static final byte JSON_OBJECT = '{';

    /** Writes and reads one type's fields, in a fixed order. */
    interface Codec<T> {
        void write(Out out, T value) throws IOException;

        T read(In in) throws IOException;
    }

    private final Codec<T> codec;
    private final Function<byte[], T> legacy;
    private final String typeName;

    BinarySerde(Codec<T> codec, Class<T> type) {
        this(codec, type, legacyJson(type));
    }

    BinarySerde(Codec<T> codec, Class<T> type, Function<byte[], T> legacy) {
        this.codec = codec;
        this.legacy = legacy;
        this.typeName = type.getSimpleName();
    }

    private static <T> Function<byte[], T> legacyJson(Class<T> type) {
        Deserializer<T> json = new JsonSerde<>(type).deserializer();
        return bytes -> json.deserialize(null, bytes);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    }

    byte[] write(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        Out out = new Out(bytes);
        try {
            out.writeByte(FORMAT_1);
            codec.write(out, value);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    T read(String topic, byte[] bytes) {
        if (bytes.length == 0) {
            throw new SerializationException("Empty " + typeName + " on " + topic);
        }
        if (bytes[0] == JSON_OBJECT) {
            return legacy.apply(bytes);
        }
        if (bytes[0] != FORMAT_1) {
            throw new SerializationException("Unknown format " + bytes[0] + " of " + typeName + " on " + topic
                    + " (this version reads format " + FORMAT_1 + " and JSON)");
        }
        In in = new In(bytes);
        try {
            in.readByte();
            T value = codec.read(in);
            if (in.available() != 0) {
                throw new IOException(in.available() + " bytes after the value");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Unreadable " + typeName + " on " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The output, with nullable strings and numbers. */
    static final class Out extends DataOutputStream {

        Out(ByteArrayOutputStream bytes) {
            super(bytes);
        }

        void string(String s) throws IOException {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            write(utf8);
        }

        void nullableInt(Integer i) throws IOException {
            writeBoolean(i != null);
            if (i != null) {
                writeInt(i);
            }
        }

        void nullableBoolean(Boolean b) throws IOException {
            writeByte(b == null ? 2 : b ? 1 : 0);
        }
    }

    /** The input; every length is checked against what is left, so garbage fails instead of allocating. */
    static final class In extends DataInputStream {

        In(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        String string() throws IOException {
            int length = readInt();
            if (length == -1) {
                return null;
            }
            byte[] utf8 = new byte[length(length)];
            readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        /** A count of elements that each take at least one byte. */
        int length(int length) throws IOException {
            if (length < 0 || length > available()) {
                throw new IOException("length " + length + " with " + available() + " bytes left");
            }
            return length;
        }

        Integer nullableInt() throws IOException {
            return readBoolean() ? readInt() : null;
        }

        Boolean nullableBoolean() throws IOException {
            byte b = readByte();
            return switch (b) {
                case 0 -> false;
                case 1 -> true;
                case 2 -> null;
                default -> throw new IOException("not a boolean: " + b);
            };
        }

        <E extends Enum<E>> E enumOf(E[] values) throws IOException {
            int ordinal = readUnsignedByte();
            if (ordinal >= values.length) {
                throw new IOException("unknown " + values[0].getDeclaringClass().getSimpleName() + " " + ordinal);
            }
            return values[ordinal];
        }
    }
}
