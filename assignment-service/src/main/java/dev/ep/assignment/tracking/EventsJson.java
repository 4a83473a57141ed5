package dev.ep.assignment.tracking;

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
 * The {@code /v1/events} body (up to 500 events) and its {@code {"accepted": n}} answer without Spring's generic
 * Jackson codec (issue 13), registered before the default codecs for exactly {@link EventsController.EventBatch} and
 * {@link EventsController.Accepted} ({@link DirectJson}): the batch read from the token stream (databind judges every
 * other shape and every refusal, so the problem details are the ones before), the answer written with a
 * {@link JsonGenerator}.
 */
public final class EventsJson {

    private EventsJson() {
    }

    /**
     * Registers the reader and the writer.
     *
     * @param maxBodyBytes the largest body read into memory (the default codecs' {@code maxInMemorySize})
     */
    public static Consumer<CodecConfigurer> codecs(JsonMapper mapper, int maxBodyBytes) {
        return DirectJson.register(decoder(mapper, maxBodyBytes), encoder(mapper));
    }

    static DirectJson.BodyDecoder<EventsController.EventBatch> decoder(JsonMapper mapper, int maxBodyBytes) {
        return new DirectJson.BodyDecoder<>(EventsController.EventBatch.class, mapper, EventsJson::read,
                maxBodyBytes);
    }

    static DirectJson.AnswerEncoder<EventsController.Accepted> encoder(JsonMapper mapper) {
        return new DirectJson.AnswerEncoder<>(EventsController.Accepted.class, mapper, EventsJson::write, 32);
    }

    /** One batch, from its {@code START_OBJECT}; shapes other than the usual ones are deferred to databind. */
    static EventsController.EventBatch read(JsonParser p) {
        List<EventValidator.EventInput> events = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            if (!"events".equals(p.currentName())) {
                throw JsonTokens.defer();
            }
            p.nextToken();
            events = JsonTokens.objectList(p, EventsJson::event);
        }
        return new EventsController.EventBatch(events);
    }

    private static EventValidator.EventInput event(JsonParser p) {
        String eventId = null;
        String type = null;
        String time = null;
        String sessionId = null;
        String userId = null;
        String name = null;
        String page = null;
        Long value = null;
        String currency = null;
        String orderId = null;
        Map<String, String> properties = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "eventId" -> eventId = JsonTokens.string(p);
                case "type" -> type = JsonTokens.string(p);
                case "time" -> time = JsonTokens.string(p);
                case "sessionId" -> sessionId = JsonTokens.string(p);
                case "userId" -> userId = JsonTokens.string(p);
                case "name" -> name = JsonTokens.string(p);
                case "page" -> page = JsonTokens.string(p);
                case "value" -> value = JsonTokens.nullableLong(p);
                case "currency" -> currency = JsonTokens.string(p);
                case "orderId" -> orderId = JsonTokens.string(p);
                case "properties" -> properties = JsonTokens.stringMap(p);
                default -> throw JsonTokens.defer();
            }
        }
        return new EventValidator.EventInput(eventId, type, time, sessionId, userId, name, page, value, currency,
                orderId, properties);
    }

    /** Writes {@code {"accepted":n}}, as databind did. */
    static void write(JsonGenerator out, EventsController.Accepted answer) {
        out.writeStartObject();
        out.writeNumberProperty("accepted", answer.accepted());
        out.writeEndObject();
    }
}
