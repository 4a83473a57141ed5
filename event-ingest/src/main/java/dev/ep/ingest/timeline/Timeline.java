package dev.ep.ingest.timeline;

import dev.ep.ingest.event.CoverageRow;
import dev.ep.ingest.event.DecisionRow;
import dev.ep.ingest.event.EventRow;
import dev.ep.ingest.event.TrackingRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a session's timeline from its stored rows: every event in time order (at equal times: decision, coverage,
 * tracking, then event id), each tracking event annotated with the treatments the session had at that moment. Plain
 * Java.
 */
final class Timeline {

    private Timeline() {
    }

    static List<TimelineEntry> of(List<DecisionRow> decisions, List<CoverageRow> coverage,
                                  List<TrackingRow> tracking) {
        List<EventRow> rows = new ArrayList<>(decisions.size() + coverage.size() + tracking.size());
        rows.addAll(decisions);
        rows.addAll(coverage);
        rows.addAll(tracking);
        rows.sort(Comparator.comparing(EventRow::time).thenComparing(Timeline::rank)
                .thenComparing(EventRow::eventId));

        List<TimelineEntry> entries = new ArrayList<>(rows.size());
        Map<String, DecisionRow.ExperimentRow> current = new LinkedHashMap<>();
        Set<String> covered = new HashSet<>();
        for (EventRow row : rows) {
            if (row instanceof DecisionRow d) {
                current.clear();
                d.experiments().forEach(e -> current.put(e.experimentId(), e));
                entries.add(new TimelineEntry(TimelineEntry.Kind.decision, d.eventId(), d.time(), d.userId(),
                        d.page(), d.configVersion(), d.holdout(), d.attributes(), null, null, null, null, null, null,
                        d.experiments().stream().map(e -> experiment(e, null)).toList()));
            } else if (row instanceof CoverageRow c) {
                covered.add(c.experimentId());
                entries.add(new TimelineEntry(TimelineEntry.Kind.coverage, c.eventId(), c.time(), c.userId(),
                        c.page(), c.configVersion(), null, null, null, null, null, null, null, null,
                        List.of(new TimelineEntry.Experiment(c.layerId(), c.experimentId(), c.experimentVersion(),
                                c.phase(), c.treatment(), null, c.slot(), c.forced(), null))));
            } else if (row instanceof TrackingRow t) {
                entries.add(new TimelineEntry(TimelineEntry.Kind.tracking, t.eventId(), t.time(), t.userId(),
                        t.page(), null, null, null, t.type(), t.name(), t.valueMinor(), t.currency(),
                        t.receivedTime(), t.properties(), current.values().stream()
                        .map(e -> experiment(e, covered.contains(e.experimentId()))).toList()));
            }
        }
        return entries;
    }

    private static TimelineEntry.Experiment experiment(DecisionRow.ExperimentRow e, Boolean covered) {
        return new TimelineEntry.Experiment(e.layerId(), e.experimentId(), e.experimentVersion(), e.phase(),
                e.treatment(), e.bucket(), e.slot(), e.forced(), covered);
    }

    private static int rank(EventRow row) {
        return row instanceof DecisionRow ? 0 : row instanceof CoverageRow ? 1 : 2;
    }
}
