package dev.ep.assignment.bench;

import dev.ep.assignment.api.ApplicationJson;
import dev.ep.assignment.api.DirectJson;
import dev.ep.assignment.assign.AssignJson;
import dev.ep.assignment.assign.CoverageJson;
import dev.ep.assignment.tracking.EventsJson;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * One storefront request's JSON, decoded and encoded (issue 13): a typical body of the endpoint ({@code body}) read
 * into its record and a typical answer written, by the codec WebFlux picks from a server codec configurer set up as the
 * service sets it up. {@code codec}: {@code generic} = Spring's Jackson codecs on the application's mapper (databind:
 * what {@code /v1/coverage} and {@code /v1/events} used before, and {@code /v1/assign} before 2026-11-30);
 * {@code databind} = the service's answer writers with a decoder reading every body by one pre-built
 * {@code ObjectReader} ({@code /v1/assign}'s codec from 2026-11-30 to 2026-12-01);
 * {@code direct} = the service's registered codecs ({@code AssignJson}, {@code CoverageJson}, {@code EventsJson}:
 * token-stream reader, generator writer). Run with {@code -prof gc} for bytes per operation.
 *
 * <pre>bench/run.sh codec</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CodecBenchmark {

    /** The endpoint; named so that JMH, which orders parameters by name, alternates the codecs per endpoint. */
    @Param({"assign", "coverage", "events"})
    public String body;

    @Param({"generic", "databind", "direct"})
    public String codec;

    private static final int MAX_BODY = 1 << 20;
    private static final DataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    private Decoder<?> decoder;
    private Encoder<Object> encoder;
    private ResolvableType bodyType;
    private ResolvableType answerType;
    private byte[] bytes;
    private Object answer;

    @Setup
    public void setUp() throws Exception {
        JsonMapper mapper = ApplicationJson.MAPPER;
        String pkg = "dev.ep.assignment.";
        switch (this.body) {
            case "assign" -> {
                bodyType = type(pkg + "assign.AssignController$AssignBody");
                answerType = type(pkg + "assign.AssignController$AssignResponse");
                bytes = ("{\"sessionId\":\"8c1e6f0a-5b2d-4e7f-9a3c-000000004711\",\"userId\":\"u-42\",\"page\":\"cart\","
                        + "\"attributes\":{\"country\":\"DE\",\"tier\":\"gold\",\"cart_value\":42.5,\"app\":true},"
                        + "\"cover\":[\"checkout-button\"]}").getBytes(StandardCharsets.UTF_8);
                List<Object> assigned = new ArrayList<>();
                for (int layer = 0; layer < 10; layer++) {
                    assigned.add(record(pkg + "assign.AssignController$AssignedExperiment", "exp-" + layer * 10,
                            "layer-" + layer, layer % 2 == 0 ? "control" : "treatment",
                            "{\"color\":\"green\",\"size\":" + layer + "}", false,
                            "AQAAAZx3Qk9yZGVyLWV4cC0" + layer + "tbGF5ZXItMC1jb250cm9sLTEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg"));
                }
                answer = record(pkg + "assign.AssignController$AssignResponse", 57L,
                        "8c1e6f0a-5b2d-4e7f-9a3c-000000004711", false, assigned, List.of("checkout-button"));
            }
            case "coverage" -> {
                bodyType = type(pkg + "assign.CoverageController$CoverageBody");
                answerType = type(pkg + "assign.CoverageController$CoverageResponse");
                StringBuilder tokens = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    tokens.append(i == 0 ? "" : ",").append("\"AQAAAZx3Qk9yZGVyLWV4cC0").append(i)
                            .append("tbGF5ZXItMC1jb250cm9sLTEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg\"");
                }
                bytes = ("{\"sessionId\":\"8c1e6f0a-5b2d-4e7f-9a3c-000000004711\",\"page\":\"checkout\",\"tokens\":["
                        + tokens + "]}").getBytes(StandardCharsets.UTF_8);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    items.add(record(pkg + "assign.AssignmentService$CoverageItem", "exp-" + i, "covered",
                            "treatment"));
                }
                answer = record(pkg + "assign.CoverageController$CoverageResponse", 57L, items);
            }
            case "events" -> {
                bodyType = type(pkg + "tracking.EventsController$EventBatch");
                answerType = type(pkg + "tracking.EventsController$Accepted");
                StringBuilder events = new StringBuilder();
                for (int i = 0; i < 10; i++) {
                    events.append(i == 0 ? "" : ",").append("{\"eventId\":\"ev-").append(i)
                            .append("\",\"type\":\"add_to_cart\",\"time\":\"2026-11-30T20:00:0").append(i)
                            .append("Z\",\"sessionId\":\"8c1e6f0a-5b2d-4e7f-9a3c-000000004711\",\"userId\":\"u-42\","
                                    + "\"page\":\"product\",\"value\":1999,\"currency\":\"EUR\","
                                    + "\"properties\":{\"sku\":\"SKU-").append(i).append("\",\"list\":\"search\"}}");
                }
                bytes = ("{\"events\":[" + events + "]}").getBytes(StandardCharsets.UTF_8);
                answer = record(pkg + "tracking.EventsController$Accepted", 10);
            }
            default -> throw new IllegalArgumentException(this.body);
        }
        ServerCodecConfigurer configurer = ServerCodecConfigurer.create();
        configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper));
        configurer.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(mapper));
        configurer.defaultCodecs().maxInMemorySize(MAX_BODY);
        if (!codec.equals("generic")) {
            List<Consumer<CodecConfigurer>> direct = List.of(AssignJson.codecs(mapper, MAX_BODY),
                    CoverageJson.codecs(mapper, MAX_BODY), EventsJson.codecs(mapper, MAX_BODY));
            direct.forEach(c -> c.accept(configurer));
        }
        decoder = decoder(configurer.getReaders(), bodyType);
        encoder = encoder(configurer.getWriters(), answerType);
        String expectedDecoder = codec.equals("generic") ? "JacksonJsonDecoder" : "BodyDecoder";
        if (!decoder.getClass().getSimpleName().equals(expectedDecoder)) {
            throw new IllegalStateException("picked " + decoder.getClass() + " for " + bodyType);
        }
        if (codec.equals("databind")) {
            // the same decoder without the token-stream reader: one pre-built ObjectReader, as /v1/assign's before
            decoder = databindOnly(bodyType.toClass(), mapper);
        } else if (!codec.equals("direct") && !codec.equals("generic")) {
            throw new IllegalArgumentException(codec);
        }
    }

    @Benchmark
    public void decodeAndEncode(Blackhole hole) {
        hole.consume(decoder.decode(BUFFERS.wrap(bytes), bodyType, MediaType.APPLICATION_JSON, null));
        DataBuffer out = encoder.encodeValue(answer, BUFFERS, answerType, MediaType.APPLICATION_JSON, null);
        hole.consume(out.readableByteCount());
    }

    private static <T> Decoder<T> databindOnly(Class<T> type, JsonMapper mapper) {
        return new DirectJson.BodyDecoder<>(type, mapper, null, MAX_BODY);
    }

    private static ResolvableType type(String name) throws ClassNotFoundException {
        return ResolvableType.forClass(Class.forName(name));
    }

    /** An instance of a package-private record of the service, through its canonical constructor. */
    private static Object record(String name, Object... components) throws Exception {
        Class<?> type = Class.forName(name);
        Class<?>[] parameters = java.util.Arrays.stream(type.getRecordComponents()).map(c -> c.getType())
                .toArray(Class<?>[]::new);
        Constructor<?> constructor = type.getDeclaredConstructor(parameters);
        constructor.setAccessible(true);
        return constructor.newInstance(components);
    }

    /** The decoder WebFlux would pick for the type: the first reader that can read it as JSON. */
    private static Decoder<?> decoder(List<HttpMessageReader<?>> readers, ResolvableType type) {
        for (HttpMessageReader<?> reader : readers) {
            if (reader.canRead(type, MediaType.APPLICATION_JSON) && reader instanceof DecoderHttpMessageReader<?> d) {
                return d.getDecoder();
            }
        }
        throw new IllegalStateException("no reader for " + type);
    }

    @SuppressWarnings("unchecked")
    private static Encoder<Object> encoder(List<HttpMessageWriter<?>> writers, ResolvableType type) {
        for (HttpMessageWriter<?> writer : writers) {
            if (writer.canWrite(type, MediaType.APPLICATION_JSON) && writer instanceof EncoderHttpMessageWriter<?> e) {
                return (Encoder<Object>) e.getEncoder();
            }
        }
        throw new IllegalStateException("no writer for " + type);
    }
}
