package dev.ep.ingest.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void shouldOrderEventsByTimeAndGiveTrackingEventsTheTreatmentsInEffect() {
        // given
        TimelineEntry first = decision("d1", T0, "green");
        TimelineEntry second = decision("d2", T0.plusSeconds(60), "blue");
        TimelineEntry covered = coverage("c1", T0.plusSeconds(10));
        TimelineEntry view = tracking("t1", T0.plusSeconds(20));
        TimelineEntry order = tracking("t2", T0.plusSeconds(90));
        TimelineEntry early = tracking("t0", T0.minusSeconds(5));

        // when
        List<TimelineEntry> timeline = Timeline.of(List.of(second, first), List.of(covered),
                List.of(order, view, early));

        // then
        assertThat(timeline).extracting(TimelineEntry::eventId).containsExactly("t0", "d1", "c1", "t1", "d2", "t2");
        assertThat(timeline.get(0).experiments()).isEmpty();
        assertThat(timeline.get(3).experiments()).singleElement().satisfies(e -> {
            assertThat(e.treatment()).isEqualTo("green");
            assertThat(e.covered()).isTrue();
            assertThat(e.unitType()).isEqualTo("USER");
            assertThat(e.unitId()).isEqualTo("u-1");
        });
        assertThat(timeline.get(1).holdoutUnitType()).isEqualTo("USER");
        assertThat(timeline.get(1).holdoutBasisPoints()).isEqualTo(250);
        assertThat(timeline.get(2).exposureKey()).isEqualTo("exp/0/USER/u-1");
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

    static TimelineEntry decision(String id, Instant time, String treatment) {
        return TimelineEntry.decision(id, time, "u-1", null, 1, new TimelineEntry.Holdout(false, "USER", "u-1", 250),
                Map.of(), List.of(experiment(treatment, 5)));
    }

    static TimelineEntry coverage(String id, Instant time) {
        return TimelineEntry.coverage(id, time, "u-1", null, 1, "exp/0/USER/u-1", null, experiment("green", null));
    }

    static TimelineEntry tracking(String id, Instant time) {
        return TimelineEntry.tracking(id, time, "u-1", "/", "PAGE_VIEW", null, null, null, null, time, Map.of());
    }

    static TimelineEntry.Experiment experiment(String treatment, Integer bucket) {
        return new TimelineEntry.Experiment("layer", "exp", 1, 0, treatment, bucket, 7, false, "USER", "u-1", null);
    }
}
