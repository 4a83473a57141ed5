package dev.ep.ingest.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An assignment decision (table {@code decisions}) with its per-experiment decisions ({@code decision_experiments}). */
public record DecisionRow(
        String eventId,
        Instant time,
        String sessionId,
        String userId,
        String page,
        Map<String, String> attributes,
        long configVersion,
        boolean holdout,
        List<ExperimentRow> experiments) implements EventRow {

    public DecisionRow {
        eventId = Checks.id("eventId", eventId);
        time = Checks.time("time", time);
        sessionId = Checks.id("sessionId", sessionId);
        userId = Checks.optionalId("userId", userId);
        page = Checks.optionalText("page", page);
        attributes = Checks.map("attributes", attributes);
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        if (experiments.size() > Short.MAX_VALUE) {
            throw new InvalidEventException("decisions has more than " + Short.MAX_VALUE + " entries");
        }
    }

    /** One entry of {@code decisions[]}; {@code position} is its index in the array. */
    public record ExperimentRow(
            int position,
            String layerId,
            String experimentId,
            int experimentVersion,
            int phase,
            String treatment,
            int bucket,
            Integer slot,
            boolean forced) {

        public ExperimentRow {
            Checks.nonNegative("decisions position", position);
            layerId = Checks.id("decisions[" + position + "].layerId", layerId);
            experimentId = Checks.id("decisions[" + position + "].experimentId", experimentId);
            treatment = Checks.id("decisions[" + position + "].treatment", treatment);
            Checks.nonNegative("decisions[" + position + "].bucket", bucket);
            if (slot != null) {
                Checks.nonNegative("decisions[" + position + "].slot", slot);
            }
        }
    }
}
