package dev.ep.assignment.assign;

import dev.ep.assignment.api.DirectJson;
import dev.ep.assignment.api.JsonTokens;
import java.util.Map;
import java.util.function.Consumer;
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
 * shape it does not know, and every refusal, so the problem details are the ones before); the answer is written field
 * by field with a {@link JsonGenerator} of the application's mapper (the same bytes as databind wrote: property
 * order, {@code non_null}, raw {@code variables}, escaping).
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
        return new DirectJson.AnswerEncoder<>(AssignController.AssignResponse.class, mapper, AssignJson::write, 512);
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

    /** Writes one answer: the same bytes databind writes for it with the application's mapper. */
    static void write(JsonGenerator out, AssignController.AssignResponse answer) {
        out.writeStartObject();
        out.writeNumberProperty("configVersion", answer.configVersion());
        DirectJson.stringProperty(out, "sessionId", answer.sessionId());
        out.writeBooleanProperty("holdout", answer.holdout());
        if (answer.assignments() != null) {
            out.writeName("assignments");
            out.writeStartArray();
            for (AssignController.AssignedExperiment a : answer.assignments()) {
                out.writeStartObject();
                DirectJson.stringProperty(out, "experimentId", a.experimentId());
                DirectJson.stringProperty(out, "layerId", a.layerId());
                DirectJson.stringProperty(out, "treatment", a.treatment());
                if (a.variables() != null) {
                    out.writeName("variables");
                    out.writeRawValue(a.variables());
                }
                out.writeBooleanProperty("forced", a.forced());
                DirectJson.stringProperty(out, "exposureToken", a.exposureToken());
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
}
