package dev.ep.ingest.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a session's timeline from its stored events: every event in time order (at equal times: decision, coverage,
 * tracking, then event id), each tracking event annotated with the treatments the session had at that moment. Plain
 * Java.
 */
final class Timeline {

    private static final Comparator<TimelineEntry> ORDER = Comparator.comparing(TimelineEntry::time)
            .thenComparing(TimelineEntry::kind).thenComparing(TimelineEntry::eventId);

    private Timeline() {
    }

    static List<TimelineEntry> of(List<TimelineEntry> decisions, List<TimelineEntry> coverage,
                                  List<TimelineEntry> tracking) {
        List<TimelineEntry> rows = new ArrayList<>(decisions.size() + coverage.size() + tracking.size());
        rows.addAll(decisions);
        rows.addAll(coverage);
        rows.addAll(tracking);
        rows.sort(ORDER);

        List<TimelineEntry> entries = new ArrayList<>(rows.size());
        Map<String, TimelineEntry.Experiment> current = new LinkedHashMap<>();
        Set<String> covered = new HashSet<>();
        for (TimelineEntry row : rows) {
            switch (row.kind()) {
                case decision -> {
                    current.clear();
                    row.experiments().forEach(e -> current.put(e.experimentId(), e));
                    entries.add(row);
                }
                case coverage -> {
                    row.experiments().forEach(e -> covered.add(e.experimentId()));
                    entries.add(row);
                }
                case tracking -> entries.add(row.withExperiments(current.values().stream()
                        .map(e -> e.withCovered(covered.contains(e.experimentId()))).toList()));
            }
        }
        return entries;
    }
}
