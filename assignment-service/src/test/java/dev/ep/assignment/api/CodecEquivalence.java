package dev.ep.assignment.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import reactor.core.publisher.Flux;
import tools.jackson.databind.ObjectReader;

/**
 * Runs generated bodies through Spring's generic Jackson decoder on the application's mapper (what served the
 * storefront before) and through a {@link DirectJson.BodyDecoder}: the same record (types and map order included), or
 * the same problem detail. Counts what it saw so a test can check it was not vacuous.
 */
public final class CodecEquivalence {

    /** What one run saw. */
    public record Counts(int bodies, int accepted, int refused, int pristine, int pristineFast, int fast) {
    }

    private CodecEquivalence() {
    }

    /**
     * @param valid  a generator of well-formed bodies of the type (random field order, optional fields absent)
     * @param fast   the type's token-stream reader alone
     */
    public static <T> Counts check(Class<T> type, DirectJson.BodyDecoder<T> direct, JsonTokens.BodyReader<T> fast,
            Function<Random, GeneratedJson.Obj> valid, int bodies, long seed) {
        JacksonJsonDecoder generic = new JacksonJsonDecoder(ApplicationJson.MAPPER);
        ObjectReader databind = ApplicationJson.MAPPER.readerFor(type);
        ResolvableType resolvable = ResolvableType.forClass(type);
        Random r = new Random(seed);
        int accepted = 0;
        int refused = 0;
        int pristine = 0;
        int pristineFast = 0;
        int fastCount = 0;
        for (int n = 0; n < bodies; n++) {
            GeneratedJson.Obj tree = valid.apply(r);
            int kind = r.nextInt(10);
            byte[] body;
            if (kind < 3) {
                body = GeneratedJson.write(tree, r);
            } else if (kind < 8) {
                int mutations = 1 + r.nextInt(3);
                for (int i = 0; i < mutations; i++) {
                    GeneratedJson.mutateTree(r, GeneratedJson.objects(tree));
                }
                body = GeneratedJson.write(tree, r);
            } else {
                body = GeneratedJson.mutateBytes(GeneratedJson.write(tree, r), r);
            }
            String expected = DecodingOutcome.of(() -> generic.decode(buffer(body), resolvable,
                    MediaType.APPLICATION_JSON, null));
            String actual = DecodingOutcome.of(() -> direct.decode(buffer(body), resolvable,
                    MediaType.APPLICATION_JSON, null));
            assertThat(actual).as("body %d: %s", n, printable(body)).isEqualTo(expected);
            boolean viaFast = JsonTokens.tryFast(databind, fast, body) != null;
            if (viaFast) {
                fastCount++;
                assertThat(DecodingOutcome.describe(JsonTokens.tryFast(databind, fast, body)))
                        .as("fast path of body %d: %s", n, printable(body)).isEqualTo(expected.substring(6));
            }
            if (DecodingOutcome.accepted(expected)) {
                accepted++;
            } else {
                refused++;
            }
            if (kind < 3) {
                pristine++;
                assertThat(DecodingOutcome.accepted(expected)).as("well-formed body %d: %s -> %s", n, printable(body), expected)
                        .isTrue();
                if (viaFast) {
                    pristineFast++;
                }
            }
        }
        return new Counts(bodies, accepted, refused, pristine, pristineFast, fastCount);
    }

    /** The same outcome through {@code decodeToMono} over the body split into several buffers. */
    public static <T> void checkSplit(Class<T> type, DirectJson.BodyDecoder<T> direct, byte[] body, int maxBytes) {
        JacksonJsonDecoder generic = new JacksonJsonDecoder(ApplicationJson.MAPPER);
        generic.setMaxInMemorySize(maxBytes);
        ResolvableType resolvable = ResolvableType.forClass(type);
        String expected = DecodingOutcome.of(() -> generic.decodeToMono(split(body), resolvable,
                MediaType.APPLICATION_JSON, null).block());
        String actual = DecodingOutcome.of(() -> direct.decodeToMono(split(body), resolvable,
                MediaType.APPLICATION_JSON, null).block());
        assertThat(actual).as(printable(body)).isEqualTo(expected);
    }

    /** The encoder's bytes are Spring's generic encoder's and databind's, for every answer. */
    public static <T> void checkAnswers(Class<T> type, DirectJson.AnswerEncoder<T> direct, List<T> answers) {
        JacksonJsonEncoder generic = new JacksonJsonEncoder(ApplicationJson.MAPPER);
        ResolvableType resolvable = ResolvableType.forClass(type);
        assertThat(direct.canEncode(resolvable, MediaType.APPLICATION_JSON)).isTrue();
        assertThat(direct.canEncode(ResolvableType.forClass(String.class), MediaType.APPLICATION_JSON)).isFalse();
        assertThat(direct.canEncode(resolvable, MediaType.APPLICATION_XML)).isFalse();
        for (T answer : answers) {
            byte[] expected = bytes(generic.encodeValue(answer, DefaultDataBufferFactory.sharedInstance, resolvable,
                    MediaType.APPLICATION_JSON, null));
            assertThat(expected).isEqualTo(ApplicationJson.MAPPER.writeValueAsBytes(answer));
            byte[] actual = bytes(direct.encodeValue(answer, DefaultDataBufferFactory.sharedInstance, resolvable,
                    MediaType.APPLICATION_JSON, null));
            assertThat(actual).as(new String(expected, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    private static byte[] bytes(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        return bytes;
    }

    private static DataBuffer buffer(byte[] body) {
        return DefaultDataBufferFactory.sharedInstance.wrap(body.clone());
    }

    private static Flux<DataBuffer> split(byte[] body) {
        List<DataBuffer> parts = new ArrayList<>();
        int step = Math.max(1, body.length / 3);
        for (int at = 0; at < body.length; at += step) {
            byte[] part = new byte[Math.min(step, body.length - at)];
            System.arraycopy(body, at, part, 0, part.length);
            parts.add(DefaultDataBufferFactory.sharedInstance.wrap(part));
        }
        return Flux.fromIterable(parts);
    }

    private static String printable(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
