package dev.ep.ingest.event;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The rows of one batch, by table; written in one transaction. Not thread-safe. */
public final class EventBatch {

    private final List<DecisionRow> decisions = new ArrayList<>();
    private final List<CoverageRow> coverage = new ArrayList<>();
    private final List<TrackingRow> tracking = new ArrayList<>();
    private final Set<LocalDate> dates = new TreeSet<>();

    public static EventBatch of(List<? extends EventRow> rows) {
        EventBatch batch = new EventBatch();
        rows.forEach(batch::add);
        return batch;
    }

    public void add(EventRow row) {
        if (row instanceof DecisionRow d) {
            decisions.add(d);
        } else if (row instanceof CoverageRow c) {
            coverage.add(c);
        } else if (row instanceof TrackingRow t) {
            tracking.add(t);
        }
        dates.add(row.eventDate());
    }

    public List<DecisionRow> decisions() {
        return Collections.unmodifiableList(decisions);
    }

    public List<CoverageRow> coverage() {
        return Collections.unmodifiableList(coverage);
    }

    public List<TrackingRow> tracking() {
        return Collections.unmodifiableList(tracking);
    }

    /** The per-experiment decisions of every decision in the batch, with their decision. */
    public List<DecisionExperiment> decisionExperiments() {
        List<DecisionExperiment> rows = new ArrayList<>();
        for (DecisionRow d : decisions) {
            for (DecisionRow.ExperimentRow e : d.experiments()) {
                rows.add(new DecisionExperiment(d, e));
            }
        }
        return rows;
    }

    /** Days (partitions) the batch writes to. */
    public Set<LocalDate> dates() {
        return Collections.unmodifiableSet(dates);
    }

    public int size() {
        return decisions.size() + coverage.size() + tracking.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** A row of {@code decision_experiments}: one experiment of a decision. */
    public record DecisionExperiment(DecisionRow decision, DecisionRow.ExperimentRow experiment) {
    }
}
