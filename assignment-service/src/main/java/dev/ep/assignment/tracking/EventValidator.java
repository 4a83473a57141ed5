package dev.ep.assignment.tracking;

import dev.ep.assignment.api.ApiException;
import dev.ep.assignment.api.ErrorCode;
import dev.ep.assignment.api.Inputs;
import dev.ep.assignment.system.AssignmentProperties;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The rules for tracking events: known types ({@code page_view}, {@code add_to_cart}, {@code checkout_started},
 * {@code order}, {@code custom}), a client event id, a time within [now − max age, now + max skew], value in minor
 * units, never negative (required for orders), always with a currency that must be the platform's reporting currency
 * (no conversion: an event in another currency is refused, so the values of one topic add up), an optional order id
 * (id grammar; revenue is deduplicated on unit and order id), a name for custom events only, at most 50 string
 * properties whose values are storable text (no NUL, no unpaired surrogate).
 */
@Component
class EventValidator {

    static final int MAX_PROPERTIES = 50;
    static final int MAX_PROPERTY_VALUE = 512;
    static final int MAX_NAME = 64;
    private static final Map<String, TrackingType> TYPES = Map.of("page_view", TrackingType.PAGE_VIEW,
            "add_to_cart", TrackingType.ADD_TO_CART, "checkout_started", TrackingType.CHECKOUT_STARTED,
            "order", TrackingType.ORDER, "custom", TrackingType.CUSTOM);

    /**
     * One event as sent. {@code time}: an ISO-8601 date-time with offset ({@code 2026-11-26T10:00:00Z}); a number is
     * refused rather than guessed to be epoch seconds or milliseconds.
     */
    record EventInput(String eventId, String type, String time, String sessionId, String userId, String name,
            String page, Long value, String currency, String orderId, Map<String, String> properties) {
    }

    private final AssignmentProperties limits;
    private final Clock clock;

    EventValidator(AssignmentProperties limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    List<TrackingEvent> validate(List<EventInput> inputs) {
        if (inputs.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_FIELD, "events must contain at least one event");
        }
        if (inputs.size() > limits.maxEventBatch()) {
            throw new ApiException(ErrorCode.BATCH_TOO_LARGE, "events has " + inputs.size() + " entries, at most "
                    + limits.maxEventBatch() + " allowed per request");
        }
        Instant now = clock.instant();
        List<ApiException.FieldError> errors = new ArrayList<>();
        List<TrackingEvent> events = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String at = "events[" + i + "]";
            try {
                events.add(event(inputs.get(i), at, now));
            } catch (ApiException e) {
                errors.add(new ApiException.FieldError(at, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_EVENT, errors.size() + " of " + inputs.size()
                    + " events are invalid; nothing was accepted: " + errors.get(0).message(), errors);
        }
        return events;
    }

    private TrackingEvent event(EventInput in, String at, Instant now) {
        if (in == null) {
            throw new ApiException(ErrorCode.MISSING_FIELD, at + " is null");
        }
        String eventId = Inputs.requiredId(in.eventId(), at + ".eventId");
        if (in.type() == null) {
            throw new ApiException(ErrorCode.MISSING_FIELD, at + ".type is required");
        }
        TrackingType type = TYPES.get(in.type());
        if (type == null) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + ".type " + Inputs.quote(in.type())
                    + " is unknown; expected one of "
                    + "page_view, add_to_cart, checkout_started, order, custom");
        }
        if (in.time() == null) {
            throw new ApiException(ErrorCode.MISSING_FIELD, at + ".time is required");
        }
        Instant time = time(in.time(), at);
        if (time.isAfter(now.plus(limits.eventMaxFuture()))) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + ".time " + time + " is more than "
                    + limits.eventMaxFuture() + " in the future");
        }
        if (time.isBefore(now.minus(limits.eventMaxAge()))) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + ".time " + time + " is older than "
                    + limits.eventMaxAge());
        }
        String sessionId = Inputs.requiredId(in.sessionId(), at + ".sessionId");
        String userId = Inputs.optionalId(in.userId(), at + ".userId");
        String page = Inputs.optionalPage(in.page(), at + ".page");
        String name = in.name();
        if (type == TrackingType.CUSTOM) {
            if (name == null) {
                throw new ApiException(ErrorCode.MISSING_FIELD, at + ".name is required for custom events");
            }
            if (name.isEmpty() || name.length() > MAX_NAME || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw new ApiException(ErrorCode.INVALID_EVENT, at + ".name must match [A-Za-z_][A-Za-z0-9_.-]* and "
                        + "be at most " + MAX_NAME + " characters");
            }
        } else if (name != null) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + ".name is only allowed for custom events");
        }
        Long value = in.value();
        String currency = in.currency();
        if (value != null && value < 0) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + ".value must not be negative, got " + value);
        }
        if (type == TrackingType.ORDER && value == null) {
            throw new ApiException(ErrorCode.MISSING_FIELD, at + ".value (order total in minor units) is required "
                    + "for orders");
        }
        if (type == TrackingType.PAGE_VIEW || type == TrackingType.CHECKOUT_STARTED) {
            if (value != null) {
                throw new ApiException(ErrorCode.INVALID_EVENT, at + ".value is not allowed for " + in.type());
            }
        }
        if (value != null) {
            String expected = limits.reportingCurrency();
            if (currency == null) {
                throw new ApiException(ErrorCode.MISSING_FIELD, at + ".currency is required with a value; it must be "
                        + "the platform's reporting currency " + expected);
            }
            if (!AssignmentProperties.isIsoCurrency(currency)) {
                throw new ApiException(ErrorCode.INVALID_EVENT, at + ".currency " + Inputs.quote(currency)
                        + " is not an ISO 4217 code; the platform's reporting currency is " + expected);
            }
            if (!currency.equals(expected)) {
                throw new ApiException(ErrorCode.INVALID_EVENT, at + ".currency " + currency + " is not the platform's "
                        + "reporting currency " + expected + "; send the value in " + expected + " minor units");
            }
        } else if (currency != null) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + ".currency is only allowed with a value");
        }
        String orderId = Inputs.optionalId(in.orderId(), at + ".orderId");
        Map<String, String> properties = properties(in.properties(), at + ".properties");
        return TrackingEvent.newBuilder().setEventId(eventId).setTime(time).setReceivedTime(now)
                .setSessionId(sessionId).setUserId(userId).setType(type).setName(name).setPage(page).setValue(value)
                .setCurrency(currency).setOrderId(orderId).setProperties(properties).build();
    }

    private static Instant time(String text, String at) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + ".time " + Inputs.quote(text)
                    + " is not an ISO-8601 date-time with offset, e.g. "
                    + "2026-11-26T10:00:00Z");
        }
    }

    private static Map<String, String> properties(Map<String, String> properties, String at) {
        if (properties == null || properties.isEmpty()) {
            return Map.of();
        }
        if (properties.size() > MAX_PROPERTIES) {
            throw new ApiException(ErrorCode.INVALID_EVENT, at + " has " + properties.size() + " entries, at most "
                    + MAX_PROPERTIES + " allowed");
        }
        Map<String, String> result = new HashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.length() > Inputs.MAX_ATTRIBUTE_NAME || !key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw new ApiException(ErrorCode.INVALID_EVENT, at + ": property name " + Inputs.quote(key)
                        + " must match [A-Za-z_][A-Za-z0-9_.-]* and be at most 64 characters");
            }
            if (e.getValue() == null) {
                throw new ApiException(ErrorCode.INVALID_EVENT, at + "." + key + " is null");
            }
            Inputs.text(e.getValue(), at + "." + key, ErrorCode.INVALID_EVENT);
            if (e.getValue().length() > MAX_PROPERTY_VALUE) {
                throw new ApiException(ErrorCode.INVALID_EVENT, at + "." + key + " is longer than "
                        + MAX_PROPERTY_VALUE + " characters");
            }
            result.put(key, e.getValue());
        }
        return result;
    }
}
