package dev.ep.assignment.api;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.codec.Encoder;
import org.springframework.core.codec.EncodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront bodies and answers without Spring's generic Jackson codec (issue 13): a {@link BodyDecoder} and an
 * {@link AnswerEncoder} for exactly one type each, registered before the default codecs. The decoder reads the joined
 * body with {@link JsonTokens#read} (the token-stream reader, databind for everything else) and wraps a Jackson error
 * in the same {@link DecodingException} as the generic decoder, so {@link ProblemAdvice} answers the same problem.
 * The encoder writes the answer field by field with a {@link JsonGenerator} of the application's mapper straight into
 * the response buffer. A body or answer in a charset other than UTF-8 goes to the default codecs, as before.
 */
public final class DirectJson {

    private static final List<MimeType> JSON = List.of(MediaType.APPLICATION_JSON);

    private DirectJson() {
    }

    /** Writes one answer: the same bytes databind writes for it with the application's mapper. */
    @FunctionalInterface
    public interface AnswerWriter<T> {
        void write(JsonGenerator out, T answer);
    }

    /**
     * Writes one answer's bytes to a sink by other means than a {@link JsonGenerator} (the assign answer: pre-rendered
     * parts, issue 13); the bytes must still be the ones databind writes for the answer.
     */
    @FunctionalInterface
    public interface AnswerSink<T> {
        void write(T answer, DataBuffer sink);
    }

    /** A string property as databind writes it with {@code non_null}: left out when {@code null}. */
    public static void stringProperty(JsonGenerator out, String name, String value) {
        if (value != null) {
            out.writeStringProperty(name, value);
        }
    }

    static boolean json(MimeType mime) {
        return mime == null || (MediaType.APPLICATION_JSON.isCompatibleWith(mime)
                && (mime.getCharset() == null || mime.getCharset().equals(StandardCharsets.UTF_8)));
    }

    /** Writes {@code answer} to {@code sink} with a generator of {@code mapper}. */
    public static <T> void write(JsonMapper mapper, AnswerWriter<T> writer, T answer, OutputStream sink) {
        try (JsonGenerator out = mapper.createGenerator(sink)) {
            writer.write(out, answer);
        }
    }

    /** The configurer step that registers one type's reader and writer ahead of the default codecs. */
    public static Consumer<CodecConfigurer> register(Decoder<?> decoder, Encoder<?> encoder) {
        return configurer -> {
            configurer.customCodecs().register(decoder);
            configurer.customCodecs().register(encoder);
        };
    }

    /** Reads the body of one type: the token-stream reader first, databind for what it leaves. */
    public static final class BodyDecoder<T> implements Decoder<T> {
        private final Class<T> type;
        private final ObjectReader databind;
        private final JsonTokens.BodyReader<T> fast;
        private final int maxBodyBytes;

        /**
         * @param fast         the type's token-stream reader; {@code null} reads every body by databind
         * @param maxBodyBytes the largest body read into memory (the default codecs' {@code maxInMemorySize}); a longer
         *                     one fails with {@link org.springframework.core.io.buffer.DataBufferLimitException}
         */
        public BodyDecoder(Class<T> type, JsonMapper mapper, JsonTokens.BodyReader<T> fast, int maxBodyBytes) {
            this.type = type;
            this.databind = mapper.readerFor(type);
            this.fast = JsonTokens.fastPathFits(databind) ? fast : null;
            this.maxBodyBytes = maxBodyBytes;
        }

        /** Whether the token-stream reader is on (off when the mapper's number settings are not the assumed ones). */
        public boolean fastPath() {
            return fast != null;
        }

        /** The body's bytes read as databind reads them. */
        T read(DataBuffer body) {
            try {
                byte[] bytes = new byte[body.readableByteCount()];
                body.read(bytes);
                return read(bytes);
            } finally {
                DataBufferUtils.release(body);
            }
        }

        /** A whole body read as databind reads it; a Jackson error as the generic decoder's {@link DecodingException}. */
        T read(byte[] body) {
            try {
                return JsonTokens.read(databind, fast, body);
            } catch (JacksonException e) {
                throw new DecodingException("JSON decoding error: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public boolean canDecode(ResolvableType elementType, MimeType mime) {
            return elementType.toClass() == type && json(mime);
        }

        @Override
        public Flux<T> decode(Publisher<DataBuffer> input, ResolvableType elementType, MimeType mime,
                Map<String, Object> hints) {
            return Flux.from(decodeToMono(input, elementType, mime, hints));
        }

        @Override
        public Mono<T> decodeToMono(Publisher<DataBuffer> input, ResolvableType elementType, MimeType mime,
                Map<String, Object> hints) {
            return DataBufferUtils.join(input, maxBodyBytes).flatMap(body -> Mono.justOrEmpty(read(body)));
        }

        @Override
        public T decode(DataBuffer buffer, ResolvableType elementType, MimeType mime, Map<String, Object> hints) {
            return read(buffer);
        }

        @Override
        public List<MimeType> getDecodableMimeTypes() {
            return JSON;
        }
    }

    /** Writes the answer of one type with a {@link JsonGenerator}, or with its own {@link AnswerSink}. */
    public static final class AnswerEncoder<T> implements Encoder<T> {
        private final Class<T> type;
        private final AnswerSink<T> sink;
        private final ToIntFunction<T> initialBytes;

        /** @param initialBytes the buffer first allocated for one answer (it grows as needed) */
        public AnswerEncoder(Class<T> type, JsonMapper mapper, AnswerWriter<T> writer, int initialBytes) {
            this(type, (answer, out) -> write(mapper, writer, answer, out.asOutputStream()), answer -> initialBytes);
        }

        /**
         * @param initialBytes the buffer first allocated for an answer, from the answer (it grows as needed): a close
         *                     estimate saves growing a large answer's buffer step by step
         */
        public AnswerEncoder(Class<T> type, AnswerSink<T> sink, ToIntFunction<T> initialBytes) {
            this.type = type;
            this.sink = sink;
            this.initialBytes = initialBytes;
        }

        @Override
        public boolean canEncode(ResolvableType elementType, MimeType mime) {
            return elementType.toClass() == type && json(mime);
        }

        @Override
        public Flux<DataBuffer> encode(Publisher<? extends T> input, DataBufferFactory factory,
                ResolvableType elementType, MimeType mime, Map<String, Object> hints) {
            return Flux.from(input).map(answer -> encodeValue(answer, factory, elementType, mime, hints));
        }

        @Override
        public DataBuffer encodeValue(T answer, DataBufferFactory factory, ResolvableType elementType, MimeType mime,
                Map<String, Object> hints) {
            DataBuffer buffer = factory.allocateBuffer(Math.max(64, initialBytes.applyAsInt(answer)));
            boolean written = false;
            try {
                sink.write(answer, buffer);
                written = true;
                return buffer;
            } catch (JacksonException e) {
                throw new EncodingException("JSON encoding error: " + e.getOriginalMessage(), e);
            } finally {
                if (!written) {
                    DataBufferUtils.release(buffer);
                }
            }
        }

        @Override
        public List<MimeType> getEncodableMimeTypes() {
            return JSON;
        }
    }
}
