package dev.ep.assignment.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
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

    /**
     * Journal entries as the first journal format wrote them (kind as the enum position, which the codes keep): a
     * TrackingEvent (order) and a CoverageEvent, byte for byte. Reordering or inserting {@link OutboundEvent.Kind}
     * constants must leave them readable as what they are.
     */
    private static final String TRACKING_FIXTURE = "0200000003732d31066f2d31f685e090c668f685e090c66806732d3100080000029e"
            + "1f020645555202066f2d3900";
    private static final String COVERAGE_FIXTURE = "0100000003732d3106632d31f685e090c66806732d3100026c0265040602740222"
            + "0000c6010006732d3102ce491e652f332f53455353494f4e2f732d3100";

    @Test
    void shouldReadJournalEntriesWrittenBeforeWhenTheKindIsStoredAsAFixedCode() {
        // given: bytes from an existing journal
        byte[] tracking = HexFormat.of().parseHex(TRACKING_FIXTURE);
        byte[] coverage = HexFormat.of().parseHex(COVERAGE_FIXTURE);

        // when
        OutboundEvent order = OutboundEvent.decode(tracking);
        OutboundEvent covered = OutboundEvent.decode(coverage);

        // then
        assertThat(order.kind()).isEqualTo(OutboundEvent.Kind.TRACKING);
        TrackingEvent event = (TrackingEvent) order.value();
        assertThat(event.getType()).isEqualTo(TrackingType.ORDER);
        assertThat(event.getValue()).isEqualTo(1_999L);
        assertThat(event.getOrderId()).isEqualTo("o-9");
        assertThat(covered.kind()).isEqualTo(OutboundEvent.Kind.COVERAGE);
        assertThat(((CoverageEvent) covered.value()).getExposureKey()).isEqualTo("e/3/SESSION/s-1");
        assertThat(order.encode()).as("the same bytes are written today").isEqualTo(tracking);
        assertThat(covered.encode()).isEqualTo(coverage);
    }

    @Test
    void shouldKeepEveryKindsCodeFixedAndUniqueWhenTheEnumChanges() {
        // the codes are a file format: pinned here, not derived from the declaration order
        assertThat(OutboundEvent.Kind.ASSIGNMENT.code()).isEqualTo((byte) 0);
        assertThat(OutboundEvent.Kind.COVERAGE.code()).isEqualTo((byte) 1);
        assertThat(OutboundEvent.Kind.TRACKING.code()).isEqualTo((byte) 2);
        assertThat(Arrays.stream(OutboundEvent.Kind.values()).map(OutboundEvent.Kind::code).distinct().count())
                .isEqualTo(OutboundEvent.Kind.values().length);
    }

    @Test
    void shouldRefuseAnEntryWhenItsKindCodeIsUnknown() {
        byte[] unknown = HexFormat.of().parseHex(TRACKING_FIXTURE);
        unknown[0] = 9;

        assertThatThrownBy(() -> OutboundEvent.decode(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown event kind code 9");
    }
}
