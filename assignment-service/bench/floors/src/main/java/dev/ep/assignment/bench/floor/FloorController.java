package dev.ep.assignment.bench.floor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
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

    /** About the size and shape of a /v1/assign answer with one assignment. */
    private static final byte[] ANSWER = ("{\"configVersion\":57,\"sessionId\":\"s-123\",\"holdout\":false,"
            + "\"assignments\":[{\"experimentId\":\"checkout-button\",\"layerId\":\"checkout\",\"treatment\":\"green\","
            + "\"variables\":{\"color\":\"green\"},\"forced\":false,"
            + "\"exposureToken\":\"AQAAAZRtYWluLWxheWVyLWNoZWNrb3V0LWJ1dHRvbi1ncmVlbi0xNzMzMDAwMDAwx3Q\"}],"
            + "\"covered\":[]}").getBytes(StandardCharsets.UTF_8);

    private final EventHandOff events;
    private final AtomicLong requests = new AtomicLong();

    FloorController(EventHandOff events) {
        this.events = events;
    }

    @PostMapping(path = "/floor/static", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] floor(@RequestBody byte[] body) {
        events.publish(Long.toString(requests.incrementAndGet()), body);
        return ANSWER;
    }

    @GetMapping(path = "/floor/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    String stats() {
        return events.stats().toJson();
    }
}
