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

    private final TimelineQuery query;

    TimelineController(TimelineQuery query) {
        this.query = query;
    }

    /** The JSON body. */
    record TimelineView(String sessionId, int count, List<TimelineEntry> events) {
    }

    @GetMapping(path = "/v1/sessions/{sessionId}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
    TimelineView json(@PathVariable String sessionId,
                      @RequestParam(name = "format", required = false) String format) {
        if (format != null && !format.equals("json")) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "format must be json or html, got '" + format + "'");
        }
        List<TimelineEntry> events = query.timeline(session(sessionId));
        return new TimelineView(sessionId, events.size(), events);
    }

    @GetMapping(path = "/v1/sessions/{sessionId}/timeline", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> html(@PathVariable String sessionId) {
        return page(sessionId);
    }

    @GetMapping(path = "/v1/sessions/{sessionId}/timeline", params = "format=html")
    ResponseEntity<String> htmlByParameter(@PathVariable String sessionId) {
        return page(sessionId);
    }

    private ResponseEntity<String> page(String sessionId) {
        SessionId session = session(sessionId);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(TimelineHtml.render(session.value(), query.timeline(session)));
    }

    private static SessionId session(String value) {
        try {
            return new SessionId(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.MALFORMED_SESSION_ID, e.getMessage());
        }
    }
}
