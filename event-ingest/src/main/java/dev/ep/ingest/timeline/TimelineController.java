package dev.ep.ingest.timeline;

import dev.ep.ingest.system.ApiException;
import dev.ep.ingest.system.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/sessions/{sessionId}/timeline}: every decision, coverage and tracking event of a session in time
 * order, as JSON, or as an HTML page ({@code Accept: text/html} or {@code ?format=html}). An unknown session has an
 * empty timeline; a malformed id is a 400 problem.
 */
@RestController
class TimelineController {

    /** Events returned at most unless {@code limit} says otherwise; {@link #MAX_LIMIT} bounds the answer. */
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;

    private final TimelineQuery query;

    TimelineController(TimelineQuery query) {
        this.query = query;
    }

    /** The JSON body; {@code truncated} when the session has more than {@code limit} events (the oldest are shown). */
    record TimelineView(String sessionId, int count, boolean truncated, List<TimelineEntry> events) {
    }

    @GetMapping(path = "/v1/sessions/{sessionId}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
    TimelineView json(@PathVariable String sessionId,
                      @RequestParam(name = "format", required = false) String format,
                      @RequestParam(name = "limit", required = false) String limit) {
        if (format != null && !format.equals("json")) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "format must be json or html, got '" + format + "'");
        }
        int max = limit(limit);
        List<TimelineEntry> events = query.timeline(session(sessionId), max + 1);
        boolean truncated = events.size() > max;
        List<TimelineEntry> shown = truncated ? events.subList(0, max) : events;
        return new TimelineView(sessionId, shown.size(), truncated, shown);
    }

    @GetMapping(path = "/v1/sessions/{sessionId}/timeline", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> html(@PathVariable String sessionId,
                                @RequestParam(name = "limit", required = false) String limit) {
        return page(sessionId, limit);
    }

    @GetMapping(path = "/v1/sessions/{sessionId}/timeline", params = "format=html")
    ResponseEntity<String> htmlByParameter(@PathVariable String sessionId,
                                           @RequestParam(name = "limit", required = false) String limit) {
        return page(sessionId, limit);
    }

    private ResponseEntity<String> page(String sessionId, String limit) {
        SessionId session = session(sessionId);
        int max = limit(limit);
        List<TimelineEntry> events = query.timeline(session, max + 1);
        boolean truncated = events.size() > max;
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(TimelineHtml.render(session.value(), truncated ? events.subList(0, max) : events, truncated));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiException(ErrorCode.INVALID_PARAMETER, "limit must be a whole number from 1 to " + MAX_LIMIT
                + ", got '" + value + "'");
    }

    private static SessionId session(String value) {
        try {
            return new SessionId(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.MALFORMED_SESSION_ID, e.getMessage());
        }
    }
}
