package dev.ep.assignment.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.api.ApplicationJson;
import dev.ep.assignment.api.CodecEquivalence;
import dev.ep.assignment.api.GeneratedJson;
import dev.ep.assignment.api.GeneratedJson.Arr;
import dev.ep.assignment.api.GeneratedJson.Obj;
import dev.ep.assignment.api.GeneratedJson.Raw;
import dev.ep.assignment.api.JsonTokens;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventsJsonTest {

    private static final JsonMapper MAPPER = ApplicationJson.MAPPER;
    private static final String[] TYPES = {"page_view", "add_to_cart", "checkout_started", "order", "custom", "x"};

    @Test
    void shouldReadEveryGeneratedBatchAsTheGenericDecoderDoesWhenValidOrHostile() {
        var counts = CodecEquivalence.check(EventsController.EventBatch.class, EventsJson.decoder(MAPPER, 1 << 20),
                EventsJson::read, EventsJsonTest::batch, 4_000, 19);
        assertThat(counts.accepted()).isGreaterThan(1_000);
        assertThat(counts.refused()).isGreaterThan(1_000);
        assertThat(counts.pristineFast()).isEqualTo(counts.pristine());
    }

    @Test
    void shouldReadAFullBatchOf500EventsByTheTokenStream() {
        Random r = new Random(3);
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(event(r));
        }
        byte[] body = GeneratedJson.write(Obj.of("events", new Arr(events)), r);
        var reader = MAPPER.readerFor(EventsController.EventBatch.class);
        EventsController.EventBatch fast = JsonTokens.tryFast(reader, EventsJson::read, body);
        assertThat(fast).isNotNull();
        assertThat(fast.events()).hasSize(500);
        assertThat(fast).isEqualTo(reader.readValue(body));
        CodecEquivalence.checkSplit(EventsController.EventBatch.class, EventsJson.decoder(MAPPER, 1 << 20), body,
                1 << 20);
    }

    @Test
    void shouldRefuseAValueOutOfRangeOrOfTheWrongTypeAsBefore() {
        for (String value : List.of("9223372036854775808", "1.5", "\"12\"", "true", "1e3")) {
            byte[] body = ("{\"events\":[{\"eventId\":\"e\",\"type\":\"order\",\"value\":" + value + "}]}")
                    .getBytes(StandardCharsets.UTF_8);
            CodecEquivalence.checkSplit(EventsController.EventBatch.class, EventsJson.decoder(MAPPER, 1 << 20), body,
                    1 << 20);
        }
    }

    @Test
    void shouldWriteTheGenericEncodersBytes() {
        CodecEquivalence.checkAnswers(EventsController.Accepted.class, EventsJson.encoder(MAPPER),
                List.of(new EventsController.Accepted(0), new EventsController.Accepted(1),
                        new EventsController.Accepted(500), new EventsController.Accepted(Integer.MAX_VALUE),
                        new EventsController.Accepted(-1)));
    }

    static Obj batch(Random r) {
        List<Object> events = new ArrayList<>();
        int n = r.nextInt(10) == 0 ? r.nextInt(60) : r.nextInt(4);
        for (int i = 0; i < n; i++) {
            events.add(event(r));
        }
        return Obj.of("events", new Arr(events));
    }

    static Obj event(Random r) {
        Obj event = Obj.of("eventId", GeneratedJson.text(r), "type", TYPES[r.nextInt(TYPES.length)],
                "time", r.nextBoolean() ? "2026-11-26T10:00:00Z" : GeneratedJson.text(r),
                "sessionId", GeneratedJson.text(r));
        optional(r, event, "userId");
        optional(r, event, "name");
        optional(r, event, "page");
        optional(r, event, "currency");
        optional(r, event, "orderId");
        if (r.nextBoolean()) {
            long value = (r.nextLong() >>> 1) >>> r.nextInt(63);
            event.fields().add(entry("value", new Raw(r.nextInt(8) == 0 ? "null" : (r.nextInt(5) == 0 ? "-" : "")
                    + value)));
        }
        if (r.nextInt(3) == 0) {
            Obj properties = Obj.of();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                properties.fields().add(entry("p" + i, GeneratedJson.text(r)));
            }
            event.fields().add(entry("properties", r.nextInt(6) == 0 ? new Raw("null") : properties));
        }
        Collections.shuffle(event.fields(), r);
        return event;
    }

    private static void optional(Random r, Obj event, String name) {
        if (r.nextInt(3) == 0) {
            event.fields().add(entry(name, r.nextInt(4) == 0 ? new Raw("null") : GeneratedJson.text(r)));
        }
    }

    private static Map.Entry<String, Object> entry(String name, Object value) {
        return new AbstractMap.SimpleEntry<>(name, value);
    }
}
