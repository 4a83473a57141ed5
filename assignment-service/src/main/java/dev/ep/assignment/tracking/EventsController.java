package dev.ep.assignment.tracking;

import dev.ep.assignment.api.ApiException;
import dev.ep.assignment.api.ErrorCode;
import dev.ep.assignment.events.EventPublisher;
import dev.ep.assignment.events.OutboundEvent;
import dev.ep.events.v1.TrackingEvent;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/events}: a batch of storefront events. The batch is validated as a whole first (every problem
 * listed with its index); if any event is invalid, the call is a 400 and nothing is emitted. Accepted events are
 * queued for Kafka (202): they reach Kafka or the local spill journal; only when Kafka is away and the journal is full
 * or failing are they dropped, counted and reported (see the README, "Size cap and policy").
 */
@RestController
class EventsController {

    private final EventValidator validator;
    private final EventPublisher publisher;

    EventsController(EventValidator validator, EventPublisher publisher) {
        this.validator = validator;
        this.publisher = publisher;
    }

    record EventBatch(List<EventValidator.EventInput> events) {
    }

    record Accepted(int accepted) {
    }

    @PostMapping(path = "/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted events(@RequestBody EventBatch batch) {
        if (batch.events() == null) {
            throw new ApiException(ErrorCode.MISSING_FIELD, "events is required");
        }
        List<TrackingEvent> events = validator.validate(batch.events());
        events.forEach(e -> publisher.publish(OutboundEvent.tracking(e)));
        return new Accepted(events.size());
    }
}
