package dev.ep.assignment.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class AssignJsonTest {

    /** The application's mapper settings that touch these types (application.yml, StrictJsonConfiguration). */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final String[] TEXTS = {"", "a", "exp-1", "quote\"d", "back\\slash", "new\nline", "tab\t",
        "\u0000\u001f", "caf\u00e9", "\u65e5\u672c", "emoji \ud83d\ude00", "slash/</script>", "\u2028\u2029", "\u007f"};

    @Test
    void shouldWriteTheSameBytesAsDatabindForManyGeneratedAnswers() {
        Random random = new Random(13);
        for (int n = 0; n < 2_000; n++) {
            AssignController.AssignResponse answer = answer(random);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AssignJson.write(MAPPER, answer, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(MAPPER.writeValueAsString(answer));
        }
    }

    @Test
    void shouldEncodeThroughTheEncoderWithTheSameBytes() {
        Random random = new Random(7);
        var encoder = new AssignJson.AnswerEncoder(MAPPER);
        ResolvableType type = ResolvableType.forClass(AssignController.AssignResponse.class);
        assertThat(encoder.canEncode(type, MediaType.APPLICATION_JSON)).isTrue();
        assertThat(encoder.canEncode(ResolvableType.forClass(String.class), MediaType.APPLICATION_JSON)).isFalse();
        assertThat(encoder.canEncode(type, MediaType.APPLICATION_XML)).isFalse();
        for (int n = 0; n < 200; n++) {
            AssignController.AssignResponse answer = answer(random);
            DataBuffer buffer = encoder.encodeValue(answer, DefaultDataBufferFactory.sharedInstance, type,
                    MediaType.APPLICATION_JSON, null);
            assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo(MAPPER.writeValueAsString(answer));
        }
    }

    @Test
    void shouldReadBodiesAsDatabindAndRefuseBadOnesWithTheDecodersException() {
        var decoder = new AssignJson.BodyDecoder(MAPPER, 1024);
        ResolvableType type = ResolvableType.forClass(AssignController.AssignBody.class);
        assertThat(decoder.canDecode(type, MediaType.APPLICATION_JSON)).isTrue();
        assertThat(decoder.canDecode(type, MediaType.parseMediaType("application/json;charset=ISO-8859-1"))).isFalse();
        String good = "{\"sessionId\":\"s-1\",\"userId\":\"u\",\"attributes\":{\"country\":\"DE\",\"n\":1},\"cover\":[\"a\"]}";
        assertThat(decoder.decode(buffer(good), type, MediaType.APPLICATION_JSON, null))
                .isEqualTo(MAPPER.readValue(good, AssignController.AssignBody.class));
        for (String bad : List.of("{\"sesionId\":\"a\"}", "{\"sessionId\":\"a\",\"sessionId\":\"b\"}",
                "{\"sessionId\":[1]}", "{\"sessionId\":\"a\"} {}", "{\"sessionId\":", "[")) {
            assertThatThrownBy(() -> decoder.decode(buffer(bad), type, MediaType.APPLICATION_JSON, null))
                    .isInstanceOf(DecodingException.class).hasCauseInstanceOf(tools.jackson.core.JacksonException.class);
        }
        DataBuffer malformed = DefaultDataBufferFactory.sharedInstance
                .wrap(new byte[] {'{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        assertThatThrownBy(() -> decoder.decode(malformed, type, MediaType.APPLICATION_JSON, null))
                .isInstanceOf(DecodingException.class);
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
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
