package dev.ep.assignment.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journal form of the events with the issue-8 fields (optional timestamp, unit type enums, order id): what is
 * spilled while Kafka is away comes back field for field, so a token coverage is not lost in an outage.
 */
class OutboundEventTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123Z");

    @Test
    void shouldReadBackEveryFieldWhenTheNewEventFieldsGoThroughTheJournalForm() {
        CoverageEvent coverage = CoverageEvent.newBuilder().setEventId("c-1").setTime(NOW).setSessionId("s-1")
                .setUserId("u-1").setLayerId("l").setExperimentId("e").setExperimentVersion(2).setPhase(3)
                .setTreatment("t").setSlot(17).setPage("cart").setConfigVersion(99).setUnitType(UnitType.USER)
                .setUnitId("u-1").setBucket(4_711).setExposureKey("e/3/USER/u-1")
                .setDecisionTime(NOW.minusSeconds(30)).build();
        AssignmentDecision decision = AssignmentDecision.newBuilder().setEventId("d-1").setTime(NOW)
                .setSessionId("s-1").setConfigVersion(99).setHoldout(true).setHoldoutUnitType(UnitType.USER)
                .setHoldoutUnitId("u-1").setHoldoutBasisPoints(500).setDecisions(List.of(ExperimentAssignment
                        .newBuilder().setLayerId("l").setExperimentId("e").setExperimentVersion(2).setTreatment("t")
                        .setBucket(1).setUnitType(UnitType.SESSION).setUnitId("s-1").build())).build();
        TrackingEvent order = TrackingEvent.newBuilder().setEventId("o-1").setTime(NOW).setReceivedTime(NOW)
                .setSessionId("s-1").setType(TrackingType.ORDER).setValue(1_999L).setCurrency("EUR")
                .setOrderId("o:1/2").build();

        for (OutboundEvent event : List.of(OutboundEvent.coverage(coverage), OutboundEvent.assignment(decision),
                OutboundEvent.tracking(order))) {
            OutboundEvent read = OutboundEvent.decode(event.encode());

            assertThat(read.kind()).isEqualTo(event.kind());
            assertThat(read.key()).isEqualTo("s-1");
            assertThat(read.value().toString()).isEqualTo(event.value().toString());
        }
        assertThat(((CoverageEvent) OutboundEvent.decode(OutboundEvent.coverage(coverage).encode()).value())
                .getDecisionTime()).isEqualTo(NOW.minusSeconds(30));
    }
}
