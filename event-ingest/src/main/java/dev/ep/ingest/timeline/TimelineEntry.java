package dev.ep.ingest.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of a session's timeline. Fields that do not apply to the kind are left out of the JSON.
 *
 * @param kind {@code decision}, {@code coverage} or {@code tracking}
 * @param experiments for a decision: every experiment assigned; for coverage: the experiment covered; for a tracking
 *     event: the treatments the session had at that moment (latest decision before it) and whether each was covered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TimelineEntry(
        Kind kind,
        String eventId,
        Instant time,
        String userId,
        String page,
        Long configVersion,
        Boolean holdout,
        Map<String, String> attributes,
        String type,
        String name,
        Long value,
        String currency,
        Instant receivedTime,
        Map<String, String> properties,
        List<Experiment> experiments) {

    enum Kind {
        decision, coverage, tracking
    }

    /** An experiment and the session's treatment in it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Experiment(String layerId, String experimentId, Integer experimentVersion, Integer phase, String treatment,
                      Integer bucket, Integer slot, Boolean forced, Boolean covered) {
    }
}
