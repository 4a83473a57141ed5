package dev.ep.assignment.assign;

import dev.ep.assignment.api.DirectJson;
import dev.ep.assignment.api.JsonTokens;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.codec.CodecConfigurer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code /v1/assign} body and answer without Spring's generic Jackson codec (issue 13), registered before the
 * default codecs for exactly {@link AssignController.AssignBody} and {@link AssignController.AssignResponse}
 * ({@link DirectJson}). The body is read from the token stream ({@link #read(JsonParser)}; databind judges every
 * shape it does not know, and every refusal, so the problem details are the ones before); the answer is written as
 * bytes ({@link #write(JsonMapper, AssignController.AssignResponse, DataBuffer)}), the same bytes as databind writes
 * with the application's mapper (property order, {@code non_null}, raw {@code variables}, escaping).
 *
 * <p>An assigned experiment's JSON up to its {@code "forced"} value depends only on the experiment and the treatment,
 * so it is rendered once per configuration snapshot ({@link #head}, kept by {@link ServedTable}) and copied into each
 * answer; what differs per unit (the {@code forced} value, the exposure token) is appended. A string with a character
 * outside printable ASCII, a quote or a backslash (ids never have one; hostile test input has) is written by the
 * mapper itself, so the escaping is databind's in every case (issue 13: with 1,000 experiments the answer was a fifth
 * of the request's CPU while every string went through the generator's escaping).
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
        return DirectJson.register(decoder(mapper, maxBodyBytes), encoder(mapper));
    }

    static DirectJson.BodyDecoder<AssignController.AssignBody> decoder(JsonMapper mapper, int maxBodyBytes) {
        return new DirectJson.BodyDecoder<>(AssignController.AssignBody.class, mapper, AssignJson::read, maxBodyBytes);
    }

    static DirectJson.AnswerEncoder<AssignController.AssignResponse> encoder(JsonMapper mapper) {
        return new DirectJson.AnswerEncoder<>(AssignController.AssignResponse.class,
                (answer, sink) -> write(mapper, answer, sink), AssignJson::estimate);
    }

    /** One body, from its {@code START_OBJECT}; shapes other than the usual ones are deferred to databind. */
    static AssignController.AssignBody read(JsonParser p) {
        String sessionId = null;
        String userId = null;
        String page = null;
        Map<String, Object> attributes = null;
        JsonNode cover = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "sessionId" -> sessionId = JsonTokens.string(p);
                case "userId" -> userId = JsonTokens.string(p);
                case "page" -> page = JsonTokens.string(p);
                case "attributes" -> attributes = JsonTokens.scalars(p);
                case "cover" -> cover = cover(p);
                default -> throw JsonTokens.defer();
            }
        }
        return new AssignController.AssignBody(sessionId, userId, page, attributes, cover);
    }

    /** {@code "all"} (any string) or a list of strings, as the tree databind builds; anything else is deferred. */
    private static JsonNode cover(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return JsonNodeFactory.instance.stringNode(p.getString());
        }
        if (t != JsonToken.START_ARRAY) {
            throw JsonTokens.defer();
        }
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            ids.add(JsonNodeFactory.instance.stringNode(p.getString()));
        }
        if (t != JsonToken.END_ARRAY) {
            throw JsonTokens.defer();
        }
        return ids;
    }

    private static final byte[] CONFIG_VERSION = ascii("{\"configVersion\":");
    private static final byte[] SESSION_ID = ascii(",\"sessionId\":");
    private static final byte[] HOLDOUT_TRUE = ascii(",\"holdout\":true");
    private static final byte[] HOLDOUT_FALSE = ascii(",\"holdout\":false");
    private static final byte[] ASSIGNMENTS = ascii(",\"assignments\":[");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] EXPOSURE_TOKEN = ascii(",\"exposureToken\":");
    private static final byte[] COVERED = ascii(",\"covered\":[");
    /** What {@link #head} cuts off the rendered object: its {@code forced} value and the closing brace. */
    private static final byte[] FORCED_FALSE_END = ascii("false}");

    /** Writes one answer: the same bytes databind writes for it with the application's mapper. */
    static void write(JsonMapper mapper, AssignController.AssignResponse answer, DataBuffer out) {
        out.write(CONFIG_VERSION);
        out.write(Long.toString(answer.configVersion()), StandardCharsets.US_ASCII);
        if (answer.sessionId() != null) {
            out.write(SESSION_ID);
            string(mapper, answer.sessionId(), out);
        }
        out.write(answer.holdout() ? HOLDOUT_TRUE : HOLDOUT_FALSE);
        if (answer.assignments() != null) {
            out.write(ASSIGNMENTS);
            boolean first = true;
            for (AssignController.AssignedExperiment a : answer.assignments()) {
                if (!first) {
                    out.write((byte) ',');
                }
                first = false;
                out.write(a.head() != null ? a.head()
                        : head(mapper, a.experimentId(), a.layerId(), a.treatment(), a.variables()));
                out.write(a.forced() ? TRUE : FALSE);
                if (a.exposureToken() != null) {
                    out.write(EXPOSURE_TOKEN);
                    string(mapper, a.exposureToken(), out);
                }
                out.write((byte) '}');
            }
            out.write((byte) ']');
        }
        if (answer.covered() != null) {
            out.write(COVERED);
            for (int i = 0; i < answer.covered().size(); i++) {
                if (i > 0) {
                    out.write((byte) ',');
                }
                string(mapper, answer.covered().get(i), out);
            }
            out.write((byte) ']');
        }
        out.write((byte) '}');
    }

    /**
     * An assigned experiment's JSON from its opening brace to its {@code "forced":}, as databind writes it (strings
     * escaped, {@code null} ones left out, {@code variables} raw): what every unit given this treatment is answered.
     */
    static byte[] head(JsonMapper mapper, String experimentId, String layerId, String treatment, String variables) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (variables == null ? 0 : variables.length()));
        try (JsonGenerator out = mapper.createGenerator(bytes)) {
            out.writeStartObject();
            DirectJson.stringProperty(out, "experimentId", experimentId);
            DirectJson.stringProperty(out, "layerId", layerId);
            DirectJson.stringProperty(out, "treatment", treatment);
            if (variables != null) {
                out.writeName("variables");
                out.writeRawValue(variables);
            }
            out.writeBooleanProperty("forced", false);
            out.writeEndObject();
        }
        byte[] rendered = bytes.toByteArray();
        int cut = rendered.length - FORCED_FALSE_END.length;
        if (cut < 0 || !Arrays.equals(rendered, cut, rendered.length, FORCED_FALSE_END, 0, FORCED_FALSE_END.length)) {
            throw new IllegalStateException("the mapper did not end an assigned experiment with \"forced\":false}");
        }
        return Arrays.copyOf(rendered, cut);
    }

    /** The answer's length when every assignment carries a head and a token of the usual size: the first buffer. */
    static int estimate(AssignController.AssignResponse answer) {
        int bytes = 96;
        if (answer.assignments() != null) {
            for (AssignController.AssignedExperiment a : answer.assignments()) {
                bytes += (a.head() != null ? a.head().length : 160) + 24
                        + (a.exposureToken() != null ? a.exposureToken().length() : 0);
            }
        }
        if (answer.covered() != null) {
            bytes += 16 + 40 * answer.covered().size();
        }
        return bytes;
    }

    /**
     * A JSON string value: copied as it is when every character is printable ASCII and none is a quote or a backslash
     * (databind writes such a string unchanged), else written by the mapper (its escaping, its UTF-8).
     */
    private static void string(JsonMapper mapper, String text, DataBuffer out) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.write(mapper.writeValueAsBytes(text));
                return;
            }
        }
        // ASCII: the buffer copies the characters in (Netty's buffer without an intermediate array)
        out.write((byte) '"');
        out.write(text, StandardCharsets.US_ASCII);
        out.write((byte) '"');
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
