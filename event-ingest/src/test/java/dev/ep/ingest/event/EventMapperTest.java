package dev.ep.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.ingest.EventFixtures;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EventMapperTest {

    static final Instant TIME = Instant.parse("2026-03-01T23:59:59.999Z");

    @Test
    void shouldMapEveryDecisionFieldAndNumberTheExperimentsWhenDecisionIsValid() {
        // given
        AssignmentDecision decision = EventFixtures.decision("s-1", TIME);

        // when
        DecisionRow row = (DecisionRow) EventMapper.toRow(decision);

        // then
        assertThat(row.eventId()).isEqualTo(decision.getEventId());
        assertThat(row.eventDate()).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(row.attributes()).containsEntry("country", "DE");
        assertThat(row.configVersion()).isEqualTo(42);
        assertThat(row.experiments()).extracting(DecisionRow.ExperimentRow::position).containsExactly(0, 1);
        assertThat(row.experiments().get(1).slot()).isNull();
        assertThat(row.experiments().get(1).forced()).isTrue();
    }

    @Test
    void shouldMapCoverageWhenValid() {
        // given
        CoverageEvent coverage = EventFixtures.coverage("s-1", TIME);

        // when
        CoverageRow row = (CoverageRow) EventMapper.toRow(coverage);

        // then
        assertThat(row.experimentId()).isEqualTo("exp-button");
        assertThat(row.treatment()).isEqualTo("green");
        assertThat(row.slot()).isEqualTo(5678);
    }

    @Test
    void shouldKeepUnknownTrackingTypeWhenAWriterAddedASymbol() {
        // given: a newer writer's symbol resolves to the enum default UNKNOWN
        TrackingEvent event = TrackingEvent.newBuilder(EventFixtures.order("s-1", TIME, 1))
                .setType(TrackingType.UNKNOWN).build();

        // when
        TrackingRow row = (TrackingRow) EventMapper.toRow(event);

        // then
        assertThat(row.type()).isEqualTo("UNKNOWN");
    }

    @Test
    void shouldRejectTrackingEventWhenValueIsNegative() {
        TrackingEvent event = EventFixtures.order("s-1", TIME, -1);

        assertThatThrownBy(() -> EventMapper.toRow(event)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void shouldRejectTrackingEventWhenValueHasNoCurrency() {
        TrackingEvent event = TrackingEvent.newBuilder(EventFixtures.order("s-1", TIME, 5)).setCurrency(null).build();

        assertThatThrownBy(() -> EventMapper.toRow(event)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("no currency");
    }

    @Test
    void shouldRejectCustomEventWhenItHasNoName() {
        TrackingEvent event = TrackingEvent.newBuilder(EventFixtures.custom("s-1", TIME, "x")).setName(null).build();

        assertThatThrownBy(() -> EventMapper.toRow(event)).hasMessageContaining("CUSTOM");
    }

    @Test
    void shouldRejectEventWhenTimeIsAbsurd() {
        TrackingEvent event = EventFixtures.order("s-1", Instant.parse("1970-01-01T00:00:00Z"), 1);

        assertThatThrownBy(() -> EventMapper.toRow(event)).hasMessageContaining("outside");
    }

    @Test
    void shouldRejectTextWhenItContainsNul() {
        CoverageEvent coverage = CoverageEvent.newBuilder(EventFixtures.coverage("s-1", TIME)).setPage("/a\u0000b")
                .build();

        assertThatThrownBy(() -> EventMapper.toRow(coverage)).hasMessageContaining("NUL");
    }

    @Test
    void shouldRejectDecisionWhenSessionIdIsBlank() {
        AssignmentDecision decision = AssignmentDecision.newBuilder(EventFixtures.decision("s-1", TIME))
                .setSessionId(" ").build();

        assertThatThrownBy(() -> EventMapper.toRow(decision)).hasMessageContaining("sessionId");
    }

    @Test
    void shouldRejectValueWhenItIsNotAnEvent() {
        assertThatThrownBy(() -> EventMapper.toRow(null)).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> EventMapper.toRow("text")).hasMessageContaining("unexpected event type");
    }

    @Test
    void shouldGroupRowsByTableAndCollectTheirDaysWhenBatched() {
        // given
        EventBatch batch = new EventBatch();

        // when
        batch.add(EventMapper.toRow(EventFixtures.decision("s-1", TIME)));
        batch.add(EventMapper.toRow(EventFixtures.coverage("s-1", TIME.plusMillis(1))));
        batch.add(EventMapper.toRow(EventFixtures.order("s-1", TIME, 1)));

        // then
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.decisionExperiments()).hasSize(2);
        assertThat(batch.dates()).containsExactly(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"));
    }
}
