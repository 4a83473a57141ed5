package dev.ep.ingest.timeline;

import dev.ep.ingest.store.SchemaMigration;
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
 * A session's timeline: every decision, coverage and tracking event in time order, as JSON, or as an HTML page
 * ({@code Accept: text/html} or {@code ?format=html}). Two equivalent addresses, because a session id may contain
 * {@code /}: {@code GET /v1/sessions/{sessionId}/timeline} (a {@code /} in the id percent-encoded as {@code %2F}) and
 * {@code GET /v1/timeline?sessionId=...} (a {@code +} in the id encoded as {@code %2B}, as in any query string). An
 * unknown session has an empty timeline; an id outside the platform's id grammar is a 400 problem.
 */
@RestController
class TimelineController {

    static final String BY_PATH = "/v1/sessions/{sessionId}/timeline";
    static final String BY_QUERY = "/v1/timeline";

    /** Events returned at most unless {@code limit} says otherwise; {@link #MAX_LIMIT} bounds the answer. */
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;

    private final TimelineQuery query;
    private final SchemaMigration schema;

    TimelineController(TimelineQuery query, SchemaMigration schema) {
        this.query = query;
        this.schema = schema;
    }

    /** The JSON body; {@code truncated} when the session has more than {@code limit} events (the oldest are shown). */
    record TimelineView(String sessionId, int count, boolean truncated, List<TimelineEntry> events) {
    }

    @GetMapping(path = {BY_PATH, BY_QUERY}, produces = MediaType.APPLICATION_JSON_VALUE)
    TimelineView json(@PathVariable(name = "sessionId", required = false) String pathId,
                      @RequestParam(name = "sessionId", required = false) String queryId,
                      @RequestParam(name = "format", required = false) String format,
                      @RequestParam(name = "limit", required = false) String limit) {
        if (format != null && !format.equals("json")) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "format must be json or html, got '" + format + "'");
        }
        SessionId session = session(pathId, queryId);
        int max = limit(limit);
        List<TimelineEntry> events = query.timeline(session, max + 1);
        boolean truncated = events.size() > max;
        List<TimelineEntry> shown = truncated ? events.subList(0, max) : events;
        return new TimelineView(session.value(), shown.size(), truncated, shown);
    }

    @GetMapping(path = {BY_PATH, BY_QUERY}, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> html(@PathVariable(name = "sessionId", required = false) String pathId,
                                @RequestParam(name = "sessionId", required = false) String queryId,
                                @RequestParam(name = "limit", required = false) String limit) {
        return page(session(pathId, queryId), limit);
    }

    @GetMapping(path = {BY_PATH, BY_QUERY}, params = "format=html")
    ResponseEntity<String> htmlByParameter(@PathVariable(name = "sessionId", required = false) String pathId,
                                           @RequestParam(name = "sessionId", required = false) String queryId,
                                           @RequestParam(name = "limit", required = false) String limit) {
        return page(session(pathId, queryId), limit);
    }

    private ResponseEntity<String> page(SessionId session, String limit) {
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

    /** The id from the path, or from {@code ?sessionId=} on {@link #BY_QUERY}; never both. */
    private SessionId session(String pathId, String queryId) {
        if (pathId != null && queryId != null) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "give the session id in the path or as ?sessionId=, "
                    + "not both");
        }
        SessionId session;
        try {
            session = new SessionId(pathId != null ? pathId : queryId);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.MALFORMED_SESSION_ID, e.getMessage());
        }
        if (!schema.isMigrated()) {
            // PostgreSQL has not answered since start: the tables may not exist yet
            throw new ApiException(ErrorCode.STORE_UNAVAILABLE, "PostgreSQL is unavailable, try again shortly");
        }
        return session;
    }
}
