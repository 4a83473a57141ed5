package dev.ep.ingest.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.ingest.event.CoverageRow;
import dev.ep.ingest.event.DecisionRow;
import dev.ep.ingest.event.TrackingRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void shouldOrderEventsByTimeAndGiveTrackingEventsTheTreatmentsInEffect() {
        // given
        DecisionRow first = decision("d1", T0, "green");
        DecisionRow second = decision("d2", T0.plusSeconds(60), "blue");
        CoverageRow covered = coverage("c1", T0.plusSeconds(10));
        TrackingRow view = tracking("t1", T0.plusSeconds(20));
        TrackingRow order = tracking("t2", T0.plusSeconds(90));
        TrackingRow early = tracking("t0", T0.minusSeconds(5));

        // when
        List<TimelineEntry> timeline = Timeline.of(List.of(second, first), List.of(covered),
                List.of(order, view, early));

        // then
        assertThat(timeline).extracting(TimelineEntry::eventId).containsExactly("t0", "d1", "c1", "t1", "d2", "t2");
        assertThat(timeline.get(0).experiments()).isEmpty();
        assertThat(timeline.get(3).experiments()).singleElement().satisfies(e -> {
            assertThat(e.treatment()).isEqualTo("green");
            assertThat(e.covered()).isTrue();
        });
        assertThat(timeline.get(5).experiments()).singleElement()
                .satisfies(e -> assertThat(e.treatment()).isEqualTo("blue"));
    }

    @Test
    void shouldPutDecisionBeforeCoverageBeforeTrackingWhenTimesAreEqual() {
        List<TimelineEntry> timeline = Timeline.of(List.of(decision("d", T0, "a")), List.of(coverage("c", T0)),
                List.of(tracking("t", T0)));

        assertThat(timeline).extracting(TimelineEntry::kind).containsExactly(TimelineEntry.Kind.decision,
                TimelineEntry.Kind.coverage, TimelineEntry.Kind.tracking);
    }

    @Test
    void shouldBeEmptyWhenNothingIsRecorded() {
        assertThat(Timeline.of(List.of(), List.of(), List.of())).isEmpty();
    }

    static DecisionRow decision(String id, Instant time, String treatment) {
        return new DecisionRow(id, time, "s", null, null, Map.of(), 1, false, List.of(
                new DecisionRow.ExperimentRow(0, "layer", "exp", 1, 0, treatment, 5, 7, false)));
    }

    static CoverageRow coverage(String id, Instant time) {
        return new CoverageRow(id, time, "s", null, "layer", "exp", 1, 0, "green", 7, false, null, 1);
    }

    static TrackingRow tracking(String id, Instant time) {
        return new TrackingRow(id, time, time, "s", null, "PAGE_VIEW", null, "/", null, null, Map.of());
    }
}
