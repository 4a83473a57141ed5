package dev.ep.assignment.assign;

import dev.ep.assignment.api.DirectJson;
import dev.ep.assignment.api.JsonTokens;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.codec.CodecConfigurer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /v1/coverage} body and answer without Spring's generic Jackson codec (issue 13), registered before the
 * default codecs for exactly {@link CoverageController.CoverageBody} and {@link CoverageController.CoverageResponse}
 * ({@link DirectJson}): the body read from the token stream (databind judges every other shape and every refusal),
 * the answer written with a {@link JsonGenerator} (the same bytes as databind: property order, {@code non_null}).
 */
public final class CoverageJson {

    private CoverageJson() {
    }

    /**
     * Registers the reader and the writer.
     *
     * @param maxBodyBytes the largest body read into memory (the default codecs' {@code maxInMemorySize})
     */
    public static Consumer<CodecConfigurer> codecs(JsonMapper mapper, int maxBodyBytes) {
        return DirectJson.register(decoder(mapper, maxBodyBytes), encoder(mapper));
    }

    static DirectJson.BodyDecoder<CoverageController.CoverageBody> decoder(JsonMapper mapper, int maxBodyBytes) {
        return new DirectJson.BodyDecoder<>(CoverageController.CoverageBody.class, mapper, CoverageJson::read,
                maxBodyBytes);
    }

    static DirectJson.AnswerEncoder<CoverageController.CoverageResponse> encoder(JsonMapper mapper) {
        return new DirectJson.AnswerEncoder<>(CoverageController.CoverageResponse.class, mapper, CoverageJson::write,
                256);
    }

    /** One body, from its {@code START_OBJECT}; shapes other than the usual ones are deferred to databind. */
    static CoverageController.CoverageBody read(JsonParser p) {
        String sessionId = null;
        String userId = null;
        String page = null;
        Map<String, Object> attributes = null;
        List<CoverageController.Claim> experiments = null;
        List<String> tokens = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "sessionId" -> sessionId = JsonTokens.string(p);
                case "userId" -> userId = JsonTokens.string(p);
                case "page" -> page = JsonTokens.string(p);
                case "attributes" -> attributes = JsonTokens.scalars(p);
                case "experiments" -> experiments = JsonTokens.objectList(p, CoverageJson::claim);
                case "tokens" -> tokens = JsonTokens.stringList(p);
                default -> throw JsonTokens.defer();
            }
        }
        return new CoverageController.CoverageBody(sessionId, userId, page, attributes, experiments, tokens);
    }

    private static CoverageController.Claim claim(JsonParser p) {
        String experimentId = null;
        String treatment = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "experimentId" -> experimentId = JsonTokens.string(p);
                case "treatment" -> treatment = JsonTokens.string(p);
                default -> throw JsonTokens.defer();
            }
        }
        return new CoverageController.Claim(experimentId, treatment);
    }

    /** Writes one answer: the same bytes databind writes for it with the application's mapper. */
    static void write(JsonGenerator out, CoverageController.CoverageResponse answer) {
        out.writeStartObject();
        out.writeNumberProperty("configVersion", answer.configVersion());
        if (answer.items() != null) {
            out.writeName("items");
            out.writeStartArray();
            for (AssignmentService.CoverageItem item : answer.items()) {
                if (item == null) {
                    out.writeNull();
                    continue;
                }
                out.writeStartObject();
                DirectJson.stringProperty(out, "experimentId", item.experimentId());
                DirectJson.stringProperty(out, "status", item.status());
                DirectJson.stringProperty(out, "treatment", item.treatment());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }
}
