package dev.ep.assignment.assign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.api.ApplicationJson;
import dev.ep.assignment.api.CodecEquivalence;
import dev.ep.assignment.api.DecodingOutcome;
import dev.ep.assignment.api.DirectJson;
import dev.ep.assignment.api.GeneratedJson;
import dev.ep.assignment.api.GeneratedJson.Obj;
import dev.ep.assignment.api.GeneratedJson.Raw;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

class AssignJsonTest {

    private static final JsonMapper MAPPER = ApplicationJson.MAPPER;
    private static final int MAX = 64 * 1024;

    private static final String[] TEXTS = {"", "a", "exp-1", "quote\"d", "back\\slash", "new\nline", "tab\t",
        "\u0000\u001f", "caf\u00e9", "\u65e5\u672c", "emoji \ud83d\ude00", "slash/</script>", "\u2028\u2029", "\u007f"};

    @Test
    void shouldWriteTheSameBytesAsDatabindForManyGeneratedAnswers() {
        Random random = new Random(13);
        for (int n = 0; n < 2_000; n++) {
            AssignController.AssignResponse answer = answer(random);
            assertThat(written(answer)).isEqualTo(MAPPER.writeValueAsString(answer));
        }
    }

    @Test
    void shouldWriteTheSameBytesWhenTheAssignmentsCarryTheirPreRenderedHeads() {
        // given answers whose assignments carry the head a snapshot's table renders for their treatment
        Random random = new Random(17);
        int withHeads = 0;
        for (int n = 0; n < 2_000; n++) {
            AssignController.AssignResponse plain = answer(random);
            List<AssignController.AssignedExperiment> rendered = new ArrayList<>();
            for (AssignController.AssignedExperiment a : plain.assignments()) {
                byte[] head = AssignJson.head(MAPPER, a.experimentId(), a.layerId(), a.treatment(), a.variables());
                rendered.add(new AssignController.AssignedExperiment(a.experimentId(), a.layerId(), a.treatment(),
                        a.variables(), a.forced(), a.exposureToken(), head));
                withHeads++;
            }
            AssignController.AssignResponse answer = new AssignController.AssignResponse(plain.configVersion(),
                    plain.sessionId(), plain.holdout(), rendered, plain.covered());
            // then the bytes are databind's, which never sees the heads
            assertThat(written(answer)).isEqualTo(MAPPER.writeValueAsString(plain))
                    .isEqualTo(MAPPER.writeValueAsString(answer));
        }
        assertThat(withHeads).isGreaterThan(3_000);
    }

    @Test
    void shouldRenderAHeadThatEndsWhereTheForcedValueGoes() {
        byte[] head = AssignJson.head(MAPPER, "exp-1", "layer", "green", "{\"color\":\"green\"}");
        assertThat(new String(head, StandardCharsets.UTF_8)).isEqualTo(
                "{\"experimentId\":\"exp-1\",\"layerId\":\"layer\",\"treatment\":\"green\","
                        + "\"variables\":{\"color\":\"green\"},\"forced\":");
    }

    private static String written(AssignController.AssignResponse answer) {
        // a buffer smaller than the answer: the writer must grow it
        var out = DefaultDataBufferFactory.sharedInstance.allocateBuffer(8);
        AssignJson.write(MAPPER, answer, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldEncodeThroughTheEncoderWithTheGenericEncodersBytes() {
        Random random = new Random(7);
        List<AssignController.AssignResponse> answers = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            answers.add(answer(random));
        }
        CodecEquivalence.checkAnswers(AssignController.AssignResponse.class, AssignJson.encoder(MAPPER), answers);
    }

    @Test
    void shouldReadEveryGeneratedBodyAsTheGenericDecoderDoesWhenValidOrHostile() {
        // given 6,000 bodies, 30% well-formed, the rest hostile; when both decoders read them
        var counts = CodecEquivalence.check(AssignController.AssignBody.class, AssignJson.decoder(MAPPER, MAX),
                AssignJson::read, AssignJsonTest::body, 6_000, 13);
        // then every outcome was equal (checked inside), and the run exercised both sides
        assertThat(counts.accepted()).isGreaterThan(2_000);
        assertThat(counts.refused()).isGreaterThan(2_000);
        assertThat(counts.pristineFast()).isEqualTo(counts.pristine());
    }

    @Test
    void shouldRefuseTheDocumentedBadBodiesWithTheirProblems() {
        var decoder = AssignJson.decoder(MAPPER, MAX);
        assertThat(decoder.fastPath()).isTrue();
        assertRefused(decoder, "{\"sesionId\":\"a\"}", "400 /problems/unknown-field Unknown field: unknown field "
                + "'sesionId' at $");
        assertRefused(decoder, "{\"sessionId\":\"a\",\"sessionId\":\"b\"}", "400 /problems/malformed-json");
        assertRefused(decoder, "{\"sessionId\":42}", "400 /problems/wrong-type");
        assertRefused(decoder, "{\"sessionId\":[\"a\"]}", "400 /problems/wrong-type");
        assertRefused(decoder, "{\"sessionId\":\"a\",\"attributes\":{\"a\":1,\"a\":2}}", "400 /problems/malformed-json");
        assertRefused(decoder, "{\"sessionId\":\"a\"} {}", "400 /problems/");
        assertRefused(decoder, "{\"sessionId\":\"a\"", "400 /problems/malformed-json");
        assertRefused(decoder, "{\"sessionId\":\"a\",\"cover\":" + "[".repeat(600) + "]".repeat(600) + "}",
                "400 /problems/malformed-json");
        assertRefused(decoder, "{\"sessionId\":\"a\",\"attributes\":{\"n\":1" + "0".repeat(1200) + "}}",
                "400 /problems/malformed-json");
        byte[] malformed = {'{', '"', 's', 'e', 's', 's', 'i', 'o', 'n', 'I', 'd', '"', ':', '"', (byte) 0xC3,
            (byte) 0x28, '"', '}'};
        assertRefused(decoder, malformed, "400 /problems/malformed-json");
    }

    @Test
    void shouldReadAWellFormedBodyByTheTokenStreamWithDatabindsValues() {
        String body = "{\"attributes\":{\"country\":\"DE\",\"n\":1,\"big\":9223372036854775808,\"cart\":42.50,"
                + "\"huge\":1E+400,\"app\":true},\"cover\":[\"a\",\"b\"],\"userId\":null,\"sessionId\":\"s-1\"}";
        AssignController.AssignBody fast = dev.ep.assignment.api.JsonTokens.tryFast(
                MAPPER.readerFor(AssignController.AssignBody.class), AssignJson::read,
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(fast).isNotNull();
        assertThat(DecodingOutcome.describe(fast)).isEqualTo(DecodingOutcome.describe(
                MAPPER.readValue(body, AssignController.AssignBody.class)));
        assertThat(fast.attributes()).containsKeys("country", "n", "big", "cart", "huge", "app");
        assertThat(fast.attributes().get("cart")).isEqualTo(new java.math.BigDecimal("42.50"));
    }

    @Test
    void shouldJoinABodySplitIntoBuffersAndRefuseOneOverTheBound() {
        var decoder = AssignJson.decoder(MAPPER, 100);
        CodecEquivalence.checkSplit(AssignController.AssignBody.class, decoder,
                "{\"sessionId\":\"s-1\",\"cover\":\"all\"}".getBytes(StandardCharsets.UTF_8), 100);
        byte[] large = ("{\"sessionId\":\"" + "s".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
        CodecEquivalence.checkSplit(AssignController.AssignBody.class, decoder, large, 100);
        assertThat(DecodingOutcome.of(() -> decoder.decodeToMono(reactor.core.publisher.Flux.just(
                DefaultDataBufferFactory.sharedInstance.wrap(large)), ResolvableType.forClass(
                AssignController.AssignBody.class), MediaType.APPLICATION_JSON, null).block()))
                .startsWith("refused 413 /problems/payload-too-large");
    }

    private static void assertRefused(DirectJson.BodyDecoder<AssignController.AssignBody> decoder, String body,
            String problem) {
        assertRefused(decoder, body.getBytes(StandardCharsets.UTF_8), problem);
    }

    private static void assertRefused(DirectJson.BodyDecoder<AssignController.AssignBody> decoder, byte[] body,
            String problem) {
        ResolvableType type = ResolvableType.forClass(AssignController.AssignBody.class);
        String actual = DecodingOutcome.of(() -> decoder.decode(DefaultDataBufferFactory.sharedInstance.wrap(body),
                type, MediaType.APPLICATION_JSON, null));
        String generic = DecodingOutcome.of(() -> new org.springframework.http.codec.json.JacksonJsonDecoder(MAPPER)
                .decode(DefaultDataBufferFactory.sharedInstance.wrap(body), type, MediaType.APPLICATION_JSON, null));
        assertThat(actual).isEqualTo(generic).startsWith("refused " + problem);
    }

    /** A well-formed body: every field optional but the session, random order, scalar attributes. */
    static Obj body(Random r) {
        Obj body = Obj.of("sessionId", GeneratedJson.text(r));
        if (r.nextBoolean()) {
            body.fields().add(entry("userId", r.nextInt(4) == 0 ? new Raw("null") : GeneratedJson.text(r)));
        }
        if (r.nextBoolean()) {
            body.fields().add(entry("page", r.nextInt(4) == 0 ? new Raw("null") : GeneratedJson.text(r)));
        }
        if (r.nextInt(4) > 0) {
            body.fields().add(entry("attributes", r.nextInt(8) == 0 ? new Raw("null") : GeneratedJson.scalars(r, 6)));
        }
        if (r.nextBoolean()) {
            body.fields().add(entry("cover", r.nextBoolean() ? "all" : GeneratedJson.strings(r, 4)));
        }
        Collections.shuffle(body.fields(), r);
        return body;
    }

    static java.util.Map.Entry<String, Object> entry(String name, Object value) {
        return new java.util.AbstractMap.SimpleEntry<>(name, value);
    }

    private static AssignController.AssignResponse answer(Random random) {
        int count = random.nextInt(5);
        List<AssignController.AssignedExperiment> assigned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assigned.add(new AssignController.AssignedExperiment(text(random), text(random), text(random),
                    random.nextInt(3) == 0 ? null : variables(random), random.nextBoolean(),
                    random.nextInt(3) == 0 ? null : text(random)));
        }
        List<String> covered = random.nextInt(3) == 0 ? null
                : random.ints(random.nextInt(4)).mapToObj(x -> text(random)).toList();
        return new AssignController.AssignResponse(random.nextLong(), random.nextInt(10) == 0 ? null : text(random),
                random.nextBoolean(), assigned, covered);
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)] + (random.nextBoolean() ? "" : Integer.toString(random.nextInt()));
    }

    private static String variables(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "{}";
            case 1 -> "{\"color\":\"caf\u00e9\",\"n\":1.50,\"nested\":{\"a\":[1,null,true]}}";
            case 2 -> "{ \"spaced\" : \"x\\\"y\" }";
            default -> "null";
        };
    }
}
