package dev.ep.reporting.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        Out out = new Out(256);
        try {
            out.writeByte(FORMAT_1);
            codec.write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the output is an array: it does not fail
        }
        return out.toByteArray();
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

    /**
     * The output: big-endian numbers, booleans as one byte, nullable strings and numbers; byte for byte what
     * {@link java.io.DataOutputStream} writes (the format's first version was written with it), into a growing
     * array without the stream's per-byte synchronization.
     */
    static final class Out {

        private byte[] buffer;
        private int size;

        Out(int capacity) {
            buffer = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        void writeBoolean(boolean b) {
            writeByte(b ? 1 : 0);
        }

        void writeInt(int i) {
            ensure(4);
            INT.set(buffer, size, i);
            size += 4;
        }

        void writeLong(long l) {
            ensure(8);
            LONG.set(buffer, size, l);
            size += 8;
        }

        void write(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void string(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            write(utf8);
        }

        void nullableInt(Integer i) {
            writeBoolean(i != null);
            if (i != null) {
                writeInt(i);
            }
        }

        void nullableBoolean(Boolean b) {
            writeByte(b == null ? 2 : b ? 1 : 0);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }

    /**
     * The input, reading what {@link Out} writes (as {@link java.io.DataInputStream} would); every length is checked
     * against what is left, so garbage fails instead of allocating, and reading past the end is an
     * {@link EOFException}.
     */
    static final class In {

        private final byte[] bytes;
        private int position;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        int available() {
            return bytes.length - position;
        }

        private int take(int count) throws EOFException {
            if (count > bytes.length - position) {
                throw new EOFException("needs " + count + " bytes, " + (bytes.length - position) + " left");
            }
            int at = position;
            position += count;
            return at;
        }

        byte readByte() throws EOFException {
            return bytes[take(1)];
        }

        int readUnsignedByte() throws EOFException {
            return bytes[take(1)] & 0xff;
        }

        boolean readBoolean() throws EOFException {
            return readByte() != 0;
        }

        int readInt() throws EOFException {
            return (int) INT.get(bytes, take(4));
        }

        long readLong() throws EOFException {
            return (long) LONG.get(bytes, take(8));
        }

        void readFully(byte[] into) throws EOFException {
            System.arraycopy(bytes, take(into.length), into, 0, into.length);
        }

        String string() throws IOException {
            int length = readInt();
            if (length == -1) {
                return null;
            }
            int at = take(length(length));
            return new String(bytes, at, length, StandardCharsets.UTF_8);
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
