package dev.ep.assignment.bench.floor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /floor/static}: reads the JSON body, hands one event to Kafka and answers a fixed JSON of the size of an
 * assign response. {@code GET /floor/stats}: what the hand-off did, so the benchmark can check every request
 * published its event.
 */
@RestController
class FloorController {

    /** One assignment of a /v1/assign answer, about its size and shape ({@code %s}: a suffix for the ids). */
    private static final String ASSIGNMENT = "{\"experimentId\":\"checkout-button%s\",\"layerId\":\"checkout%s\","
            + "\"treatment\":\"green\",\"variables\":{\"color\":\"green\"},\"forced\":false,"
            + "\"exposureToken\":\"AQAAAZRtYWluLWxheWVyLWNoZWNrb3V0LWJ1dHRvbi1ncmVlbi0xNzMzMDAwMDAwx3Q\"}";

    private final EventHandOff events;
    private final AtomicLong requests = new AtomicLong();
    private final byte[] answer;

    /**
     * @param assignments how many assignments the fixed answer holds ({@code floor.answer-assignments}, default 1: the
     *                    answer of the floors measured before 2026-12-01, byte for byte; the service answers one per
     *                    layer whose experiment targets the request)
     */
    FloorController(EventHandOff events, @Value("${floor.answer-assignments:1}") int assignments) {
        this.events = events;
        StringBuilder json = new StringBuilder("{\"configVersion\":57,\"sessionId\":\"s-123\",\"holdout\":false,"
                + "\"assignments\":[");
        for (int i = 0; i < assignments; i++) {
            String suffix = i == 0 ? "" : "-" + i;
            json.append(i == 0 ? "" : ",").append(String.format(ASSIGNMENT, suffix, suffix));
        }
        this.answer = json.append("],\"covered\":[]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/floor/static", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] floor(@RequestBody byte[] body) {
        events.publish(Long.toString(requests.incrementAndGet()), body);
        return answer;
    }

    @GetMapping(path = "/floor/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    String stats() {
        return events.stats().toJson();
    }
}
