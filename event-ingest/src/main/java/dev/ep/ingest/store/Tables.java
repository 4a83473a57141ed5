package dev.ep.ingest.store;

import dev.ep.ingest.event.CoverageRow;
import dev.ep.ingest.event.DecisionRow;
import dev.ep.ingest.event.EventBatch;
import dev.ep.ingest.event.EventBatch.DecisionExperiment;
import dev.ep.ingest.event.TrackingRow;
import java.util.List;
import java.util.function.Function;

/**
 * The four event tables as the writers see them: name, loaded columns (in order) and how a row gives its values.
 * Values are String, Instant, LocalDate, Number, Boolean or a string map (jsonb).
 */
final class Tables {

    /** One table: columns in load order, the jsonb ones among them, and the row extractor. */
    record Table<R>(String name, List<String> columns, List<String> jsonColumns, Function<R, Object[]> values,
                    Function<EventBatch, List<R>> rows) {

        boolean isJson(int column) {
            return jsonColumns.contains(columns.get(column));
        }
    }

    static final Table<DecisionRow> DECISIONS = new Table<>("decisions",
            List.of("event_id", "event_date", "event_time", "session_id", "user_id", "page", "attributes",
                    "config_version", "holdout", "experiment_count", "holdout_unit_type", "holdout_unit_id",
                    "holdout_basis_points"),
            List.of("attributes"),
            d -> new Object[] {d.eventId(), d.eventDate(), d.time(), d.sessionId(), d.userId(), d.page(),
                d.attributes(), d.configVersion(), d.holdout(), d.experiments().size(), d.holdoutUnitType(),
                d.holdoutUnitId(), d.holdoutBasisPoints()},
            EventBatch::decisions);

    static final Table<DecisionExperiment> DECISION_EXPERIMENTS = new Table<>("decision_experiments",
            List.of("event_id", "event_date", "position", "event_time", "session_id", "user_id", "layer_id",
                    "experiment_id", "experiment_version", "phase", "treatment", "bucket", "slot", "forced",
                    "unit_type", "unit_id"),
            List.of(),
            de -> {
                DecisionRow d = de.decision();
                DecisionRow.ExperimentRow e = de.experiment();
                return new Object[] {d.eventId(), d.eventDate(), (short) e.position(), d.time(), d.sessionId(),
                    d.userId(), e.layerId(), e.experimentId(), e.experimentVersion(), e.phase(), e.treatment(),
                    e.bucket(), e.slot(), e.forced(), e.unitType(), e.unitId()};
            },
            EventBatch::decisionExperiments);

    static final Table<CoverageRow> COVERAGE = new Table<>("coverage",
            List.of("event_id", "event_date", "event_time", "session_id", "user_id", "layer_id", "experiment_id",
                    "experiment_version", "phase", "treatment", "slot", "forced", "page", "config_version",
                    "unit_type", "unit_id", "bucket", "exposure_key", "decision_time"),
            List.of(),
            c -> new Object[] {c.eventId(), c.eventDate(), c.time(), c.sessionId(), c.userId(), c.layerId(),
                c.experimentId(), c.experimentVersion(), c.phase(), c.treatment(), c.slot(), c.forced(), c.page(),
                c.configVersion(), c.unitType(), c.unitId(), c.bucket(), c.exposureKey(), c.decisionTime()},
            EventBatch::coverage);

    static final Table<TrackingRow> TRACKING = new Table<>("tracking_events",
            List.of("event_id", "event_date", "event_time", "received_time", "session_id", "user_id", "type",
                    "name", "page", "value_minor", "currency", "properties", "order_id"),
            List.of("properties"),
            t -> new Object[] {t.eventId(), t.eventDate(), t.time(), t.receivedTime(), t.sessionId(), t.userId(),
                t.type(), t.name(), t.page(), t.valueMinor(), t.currency(), t.properties(), t.orderId()},
            EventBatch::tracking);

    /** In write order: a decision's experiments after the decision. */
    static final List<Table<?>> ALL = List.of(DECISIONS, DECISION_EXPERIMENTS, COVERAGE, TRACKING);

    /** Names of the partitioned tables, for partition maintenance. */
    static final List<String> NAMES = ALL.stream().map(Table::name).toList();

    private Tables() {
    }
}
