package dev.ep.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.ingest.EventFixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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

    @Test
    void shouldMapTheHoldoutAndTheUnitOfEveryExperimentWhenTheDecisionCarriesThem() {
        // when
        DecisionRow row = (DecisionRow) EventMapper.toRow(EventFixtures.decision("s-1", TIME));

        // then
        assertThat(row.holdout()).isFalse();
        assertThat(row.holdoutUnitType()).isEqualTo("USER");
        assertThat(row.holdoutUnitId()).isEqualTo("user-1");
        assertThat(row.holdoutBasisPoints()).isEqualTo(500);
        assertThat(row.experiments()).extracting(DecisionRow.ExperimentRow::unitType).containsExactly("SESSION", "USER");
        assertThat(row.experiments()).extracting(DecisionRow.ExperimentRow::unitId).containsExactly("s-1", "user-1");
    }

    @Test
    void shouldMapUnitBucketExposureKeyAndDecisionTimeWhenTheCoverageCarriesThem() {
        // when
        CoverageRow row = (CoverageRow) EventMapper.toRow(EventFixtures.coverage("s-1", TIME));

        // then
        assertThat(row.unitType()).isEqualTo("SESSION");
        assertThat(row.unitId()).isEqualTo("s-1");
        assertThat(row.bucket()).isEqualTo(1234);
        assertThat(row.exposureKey()).isEqualTo("exp-button/1/SESSION/s-1");
        assertThat(row.decisionTime()).isEqualTo(TIME.minusMillis(50));
    }

    @Test
    void shouldMapTheOrderIdWhenTheTrackingEventCarriesIt() {
        // given
        TrackingEvent order = TrackingEvent.newBuilder(EventFixtures.order("s-1", TIME, 10)).setOrderId("o-42")
                .build();

        // when
        TrackingRow row = (TrackingRow) EventMapper.toRow(order);

        // then
        assertThat(row.orderId()).isEqualTo("o-42");
        assertThat(((TrackingRow) EventMapper.toRow(EventFixtures.custom("s-1", TIME, "x"))).orderId()).isNull();
    }

    @Test
    void shouldMakeTheDefaultsAbsentWhenRecordsWereWrittenBeforeTheFieldsExisted() {
        // when
        DecisionRow decision = (DecisionRow) EventMapper.toRow(EventFixtures.legacyDecision("s-1", TIME));
        CoverageRow coverage = (CoverageRow) EventMapper.toRow(EventFixtures.legacyCoverage("s-1", TIME));

        // then: UNKNOWN unit type and empty unit id or exposure key are not values
        assertThat(decision.holdoutUnitType()).isEqualTo("SESSION");
        assertThat(decision.holdoutUnitId()).isNull();
        assertThat(decision.holdoutBasisPoints()).isZero();
        assertThat(decision.experiments()).allSatisfy(e -> {
            assertThat(e.unitType()).isNull();
            assertThat(e.unitId()).isNull();
        });
        assertThat(coverage.unitType()).isNull();
        assertThat(coverage.unitId()).isNull();
        assertThat(coverage.bucket()).isNull();
        assertThat(coverage.exposureKey()).isNull();
        assertThat(coverage.decisionTime()).isNull();
    }

    @Test
    void shouldKeepTheUnitIdWhenTheUnitTypeIsASymbolThisReaderDoesNotKnow() {
        // given: a newer writer's unit type reads as UNKNOWN; its key still spells the symbol out
        CoverageEvent coverage = CoverageEvent.newBuilder(EventFixtures.coverage("s-1", TIME))
                .setUnitType(UnitType.UNKNOWN).setUnitId("d-9").setExposureKey("exp-button/1/DEVICE/d-9").build();

        // when
        CoverageRow row = (CoverageRow) EventMapper.toRow(coverage);

        // then
        assertThat(row.unitType()).isNull();
        assertThat(row.unitId()).isEqualTo("d-9");
        assertThat(row.exposureKey()).isEqualTo("exp-button/1/DEVICE/d-9");
    }

    @Test
    void shouldAcceptIdsWithEveryPunctuationOfTheIdGrammar() {
        // given
        String id = "a+b=c/d:e@f~g.h_i-j";
        CoverageEvent coverage = CoverageEvent.newBuilder(EventFixtures.coverage(id, TIME)).setUserId(id).build();
        TrackingEvent order = TrackingEvent.newBuilder(EventFixtures.order(id, TIME, 1)).setEventId(id)
                .setUserId(id).setOrderId(id).build();

        // when
        CoverageRow c = (CoverageRow) EventMapper.toRow(coverage);
        TrackingRow t = (TrackingRow) EventMapper.toRow(order);

        // then
        assertThat(c.sessionId()).isEqualTo(id);
        assertThat(c.exposureKey()).isEqualTo("exp-button/1/SESSION/" + id);
        assertThat(List.of(t.eventId(), t.sessionId(), t.userId(), t.orderId())).containsOnly(id);
    }

    @Test
    void shouldRejectNamingTheFieldWhenAnIdIsOutsideTheIdGrammar() {
        // given: each a record with one id the assignment service would have refused
        String tooLong = "s".repeat(129);
        AssignmentDecision decision = EventFixtures.decision("s-1", TIME);
        Map<String, Supplier<Object>> cases = Map.of(
                "sessionId", () -> EventFixtures.order(tooLong, TIME, 1),
                "userId", () -> AssignmentDecision.newBuilder(decision).setUserId("user 1").build(),
                "holdoutUnitId", () -> AssignmentDecision.newBuilder(decision).setHoldoutUnitId("h#1").build(),
                "decisions[1].unitId", () -> AssignmentDecision.newBuilder(decision).setDecisions(List.of(
                        decision.getDecisions().get(0), ExperimentAssignment.newBuilder(decision.getDecisions().get(1))
                                .setUnitId("u%1").build())).build(),
                "unitId", () -> CoverageEvent.newBuilder(EventFixtures.coverage("s-1", TIME)).setUnitId("s\"1")
                        .setExposureKey("exp-button/1/SESSION/s\"1").build(),
                "orderId", () -> TrackingEvent.newBuilder(EventFixtures.order("s-1", TIME, 1)).setOrderId("o 1")
                        .build(),
                "eventId", () -> TrackingEvent.newBuilder(EventFixtures.order("s-1", TIME, 1))
                        .setEventId("id<script>").build());

        // when / then
        cases.forEach((field, event) -> assertThatThrownBy(() -> EventMapper.toRow(event.get())).as(field)
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith(field + " "));
    }

    @Test
    void shouldRejectTextWhenItHasAnUnpairedSurrogate() {
        // given
        AssignmentDecision decision = AssignmentDecision.newBuilder(EventFixtures.decision("s-1", TIME))
                .setAttributes(Map.of("country", "D\uD800E")).build();
        TrackingEvent order = TrackingEvent.newBuilder(EventFixtures.order("s-1", TIME, 1))
                .setProperties(Map.of("sku\uDC00", "p-1")).build();
        CoverageEvent coverage = CoverageEvent.newBuilder(EventFixtures.coverage("s-1", TIME)).setPage("/\uD83D")
                .build();

        // when / then
        assertThatThrownBy(() -> EventMapper.toRow(decision)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("attributes[country]").hasMessageContaining("surrogate");
        assertThatThrownBy(() -> EventMapper.toRow(order)).hasMessageContaining("properties key")
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> EventMapper.toRow(coverage)).hasMessageContaining("page")
                .hasMessageContaining("surrogate");
    }

    @Test
    void shouldRejectCoverageWhenItsExposureKeyIsNotTheKeyOfItsExperimentPhaseAndUnit() {
        // given
        CoverageEvent coverage = EventFixtures.coverage("s-1", TIME);

        // when / then
        for (String key : List.of("exp-button/1/SESSION/s-2", "exp-button/2/SESSION/s-1", "exp-other/1/SESSION/s-1",
                "exp-button/1/USER/s-1", "exp-button/one/SESSION/s-1", "s-1")) {
            assertThatThrownBy(() -> EventMapper.toRow(CoverageEvent.newBuilder(coverage).setExposureKey(key).build()))
                    .as(key).isInstanceOf(InvalidEventException.class).hasMessageStartingWith("exposureKey '" + key);
        }
    }

    @Test
    void shouldRejectWhenAKnownUnitTypeHasNoUnitIdOrTheHoldoutShareIsOutOfRange() {
        // given
        CoverageEvent coverage = CoverageEvent.newBuilder(EventFixtures.coverage("s-1", TIME)).setUnitId("")
                .setExposureKey("").build();
        AssignmentDecision decision = AssignmentDecision.newBuilder(EventFixtures.decision("s-1", TIME))
                .setHoldoutBasisPoints(10_001).build();

        // when / then
        assertThatThrownBy(() -> EventMapper.toRow(coverage)).isInstanceOf(InvalidEventException.class)
                .hasMessage("unitType is SESSION but unitId is missing");
        assertThatThrownBy(() -> EventMapper.toRow(decision)).isInstanceOf(InvalidEventException.class)
                .hasMessage("holdoutBasisPoints must be 0 to 10000, got 10001");
    }
}
