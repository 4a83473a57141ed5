package dev.ep.assignment.assign;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.codec.EncodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /v1/assign} body and answer without Spring's generic Jackson codec (issue 13): the body is read by one
 * {@link ObjectReader} built at start for {@link AssignController.AssignBody} (the application's strict mapper, so the
 * same fields, coercions, duplicate-key and trailing-data refusals, and the same exceptions as the generic decoder,
 * wrapped the same way), and the answer is written field by field with a {@link JsonGenerator} of that mapper (the
 * same bytes as databind wrote: property order, {@code non_null}, raw {@code variables}, escaping). Registered before
 * the default codecs, each for its one type; any other type, or a body in a charset other than UTF-8, goes to the
 * default codecs as before.
 */
public final class AssignJson {

    private AssignJson() {
    }

    /**
     * Registers the reader and the writer.
     *
     * @param maxBodyBytes the largest body read into memory (the default codecs' {@code maxInMemorySize}); a longer
     *                     one fails with {@link org.springframework.core.io.buffer.DataBufferLimitException}
     */
    public static Consumer<CodecConfigurer> codecs(JsonMapper mapper, int maxBodyBytes) {
        BodyDecoder decoder = new BodyDecoder(mapper, maxBodyBytes);
        AnswerEncoder encoder = new AnswerEncoder(mapper);
        return configurer -> {
            configurer.customCodecs().register(decoder);
            configurer.customCodecs().register(encoder);
        };
    }

    private static final List<MimeType> JSON = List.of(MediaType.APPLICATION_JSON);

    private static boolean json(MimeType mime) {
        return mime == null || (MediaType.APPLICATION_JSON.isCompatibleWith(mime)
                && (mime.getCharset() == null || mime.getCharset().equals(StandardCharsets.UTF_8)));
    }

    /** Writes one answer: the same bytes databind writes for it with the application's mapper. */
    static void write(JsonGenerator out, AssignController.AssignResponse answer) {
        out.writeStartObject();
        out.writeNumberProperty("configVersion", answer.configVersion());
        stringProperty(out, "sessionId", answer.sessionId());
        out.writeBooleanProperty("holdout", answer.holdout());
        if (answer.assignments() != null) {
            out.writeName("assignments");
            out.writeStartArray();
            for (AssignController.AssignedExperiment a : answer.assignments()) {
                out.writeStartObject();
                stringProperty(out, "experimentId", a.experimentId());
                stringProperty(out, "layerId", a.layerId());
                stringProperty(out, "treatment", a.treatment());
                if (a.variables() != null) {
                    out.writeName("variables");
                    out.writeRawValue(a.variables());
                }
                out.writeBooleanProperty("forced", a.forced());
                stringProperty(out, "exposureToken", a.exposureToken());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        if (answer.covered() != null) {
            out.writeName("covered");
            out.writeStartArray();
            for (String id : answer.covered()) {
                out.writeString(id);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static void stringProperty(JsonGenerator out, String name, String value) {
        if (value != null) {
            out.writeStringProperty(name, value);
        }
    }

    /** Writes {@code answer} to {@code sink} with a generator of {@code mapper}. */
    static void write(JsonMapper mapper, AssignController.AssignResponse answer, OutputStream sink) {
        try (JsonGenerator out = mapper.createGenerator(sink)) {
            write(out, answer);
        }
    }

    /** Reads a body as the generic decoder did: from the buffer's stream, the same exceptions. */
    static AssignController.AssignBody read(ObjectReader reader, DataBuffer body) {
        try {
            return reader.readValue(body.asInputStream());
        } catch (JacksonException e) {
            throw new DecodingException("JSON decoding error: " + e.getOriginalMessage(), e);
        } finally {
            DataBufferUtils.release(body);
        }
    }

    static final class BodyDecoder implements Decoder<AssignController.AssignBody> {
        private final ObjectReader reader;
        private final int maxBodyBytes;

        BodyDecoder(JsonMapper mapper, int maxBodyBytes) {
            this.reader = mapper.readerFor(AssignController.AssignBody.class);
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public boolean canDecode(ResolvableType type, MimeType mime) {
            return type.toClass() == AssignController.AssignBody.class && json(mime);
        }

        @Override
        public Flux<AssignController.AssignBody> decode(Publisher<DataBuffer> input, ResolvableType type,
                MimeType mime, Map<String, Object> hints) {
            return Flux.from(decodeToMono(input, type, mime, hints));
        }

        @Override
        public Mono<AssignController.AssignBody> decodeToMono(Publisher<DataBuffer> input, ResolvableType type,
                MimeType mime, Map<String, Object> hints) {
            return DataBufferUtils.join(input, maxBodyBytes).flatMap(body -> Mono.justOrEmpty(read(reader, body)));
        }

        @Override
        public AssignController.AssignBody decode(DataBuffer buffer, ResolvableType type, MimeType mime,
                Map<String, Object> hints) {
            return read(reader, buffer);
        }

        @Override
        public List<MimeType> getDecodableMimeTypes() {
            return JSON;
        }
    }

    static final class AnswerEncoder implements Encoder<AssignController.AssignResponse> {
        private final JsonMapper mapper;

        AnswerEncoder(JsonMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public boolean canEncode(ResolvableType type, MimeType mime) {
            return type.toClass() == AssignController.AssignResponse.class && json(mime);
        }

        @Override
        public Flux<DataBuffer> encode(Publisher<? extends AssignController.AssignResponse> input,
                DataBufferFactory factory, ResolvableType type, MimeType mime, Map<String, Object> hints) {
            return Flux.from(input).map(answer -> encodeValue(answer, factory, type, mime, hints));
        }

        @Override
        public DataBuffer encodeValue(AssignController.AssignResponse answer, DataBufferFactory factory,
                ResolvableType type, MimeType mime, Map<String, Object> hints) {
            DataBuffer buffer = factory.allocateBuffer(512);
            boolean written = false;
            try {
                write(mapper, answer, buffer.asOutputStream());
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
