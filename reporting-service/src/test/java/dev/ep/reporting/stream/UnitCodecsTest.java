package dev.ep.reporting.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.reporting.attribution.Activity;
import dev.ep.reporting.attribution.ActivityHistory;
import dev.ep.reporting.attribution.ActivityTotals;
import dev.ep.reporting.attribution.ActivityType;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmDelta;
import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.Coverage;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.Exposure;
import dev.ep.reporting.attribution.UnitKind;
import dev.ep.reporting.attribution.UnitState;
import dev.ep.reporting.attribution.UnitValue;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The binary format of the topology's own records: exact round trips, the older JSON still read, poison refused. */
class UnitCodecsTest {

    private static final String TOPIC = "ep-reporting-user-units-repartition";

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
    }

    private static UnitState fullState() {
        Exposure counted = new Exposure("exp", 2, "treatment", 4711, 1_000, 12, false, false,
                Map.of("conversion", new UnitValue(1, 0), "revenue_per_user", new UnitValue(12_345, -7)));
        Exposure forced = new Exposure("qa-exp", 1, "control", null, 2_000, 13, true, true, null);
        List<Activity> events = List.of(
                new Activity("e-1", 1_500, ActivityType.ORDER, null, 12_345, "o-1"),
                new Activity("e-2", 1_600, ActivityType.CUSTOM, "wishlist ✓", 0, null));
        ActivityTotals totals = new ActivityTotals(1, 12_345, 2, 3,
                Map.of("wishlist ✓", new ActivityTotals.NameTotals(4, 5)));
        ActivityHistory history = new ActivityHistory(List.of(new ActivityHistory.Day(20_000, totals, false),
                new ActivityHistory.Day(20_001, ActivityTotals.ZERO, true)));
        return new UnitState(9_999, Map.of("exp", counted, "qa-exp", forced), events,
                Map.of("exp/2", 900L, "_holdout/0", 901L), true, UnitKind.USER, history);
    }

    @Test
    void shouldReadBackEveryFieldOfAUnitState() {
        UnitState state = fullState();
        assertThat(roundTrip(UnitCodecs.unitState(), state)).isEqualTo(state);
        assertThat(roundTrip(UnitCodecs.unitState(), UnitState.EMPTY)).isEqualTo(UnitState.EMPTY);
    }

    @Test
    void shouldReadBackEveryKindOfUnitInput() {
        List<UnitMessage> messages = List.of(
                UnitMessage.of(new Coverage("exp", 1, "control", 17, 1_000, false, 3)),
                UnitMessage.of(new Coverage("exp", 2, "treatment", null, 1_001, true, 4)),
                UnitMessage.of(new Activity("e", 5, ActivityType.PAGE_VIEW, null, 0, null)),
                UnitMessage.of(new Decision(7, 8, List.of(new Decision.Assigned("a", 1, "x", false),
                        new Decision.Assigned("b", 3, "y", true)), null)),
                UnitMessage.of(new Decision(7, 8, List.of(), true)),
                UnitMessage.of(new Decision(7, 8, List.of(), false)));
        for (UnitMessage m : messages) {
            assertThat(roundTrip(UnitCodecs.unitMessage(), m)).isEqualTo(m);
        }
    }

    @Test
    void shouldReadBackAnArmChangeWithSumsOfAnySizeAndSign() {
        ArmKey arm = new ArmKey("exp", 1, "control");
        ArmChange change = ArmChange.of(new ArmDelta(arm, Map.of("revenue", new UnitValue(Long.MAX_VALUE, 3)),
                null, 1, 50, 9)).plus(new ArmDelta(arm, null, Map.of("revenue", new UnitValue(1, Long.MIN_VALUE),
                "conversion", new UnitValue(1, 0)), 0, 60, 10));
        assertThat(roundTrip(UnitCodecs.armChange(), change)).isEqualTo(change);
        assertThat(roundTrip(UnitCodecs.armChange(), ArmChange.none(arm))).isEqualTo(ArmChange.none(arm));
    }

    @Test
    void shouldReadBackArmTotalsWithSumsOfAnySizeAndSign() {
        ArmKey arm = new ArmKey("exp", 1, "control");
        ArmTotals totals = ArmTotals.empty(arm).apply(new ArmDelta(arm, Map.of("revenue",
                new UnitValue(Long.MAX_VALUE, 3)), null, 1, 50, 9)).apply(new ArmDelta(arm, null, Map.of("revenue",
                new UnitValue(1, Long.MIN_VALUE), "conversion", new UnitValue(1, 0)), 0, 60, 10));
        assertThat(roundTrip(UnitCodecs.armTotals(), totals)).isEqualTo(totals);
        assertThat(roundTrip(UnitCodecs.armTotals(), ArmTotals.empty(arm))).isEqualTo(ArmTotals.empty(arm));
    }

    @Test
    void shouldStillReadTheArmTotalsJsonOfTheArmsStore() {
        ArmKey arm = new ArmKey("exp", 1, "control");
        ArmTotals totals = ArmTotals.empty(arm).apply(new ArmDelta(arm, null, Map.of("conversion",
                new UnitValue(1, 0)), 1, 50, 9));
        byte[] json = new JsonSerde<>(ArmTotals.class).serializer().serialize(TOPIC, totals);
        assertThat(UnitCodecs.armTotals().deserializer().deserialize(TOPIC, json)).isEqualTo(totals);
    }

    /**
     * The bytes format 1 had when it was written with {@code DataOutputStream} (produced by that version, 2026-11-30):
     * stores and topics written before hold exactly these, and this version writes them the same way.
     */
    @Test
    void shouldWriteAndReadFormatOneByteForByteAsBefore() {
        UnitState state = new UnitState(9_999, Map.of("exp", new Exposure("exp", 2, "treatment", 4711, 1_000, 12,
                false, false, Map.of("conversion", new UnitValue(1, 0)))),
                List.of(new Activity("e-1", 1_500, ActivityType.ORDER, null, 12_345, "o-1")), Map.of("exp/2", 900L),
                true, UnitKind.USER, new ActivityHistory(List.of(new ActivityHistory.Day(20_000, new ActivityTotals(1,
                12_345, 2, 3, Map.of("wishlist ✓", new ActivityTotals.NameTotals(4, 5))), false))));
        String stateBytes = "01000000000000270f00000001000000036578700000000365787000000002000000097472656174"
                + "6d656e74010000126700000000000003e8000000000000000c0000000000010000000a636f6e7665"
                + "7273696f6e000000000000000100000000000000000000000100000003652d3100000000000005dc"
                + "03ffffffff0000000000003039000000036f2d3100000001000000056578702f3200000000000003"
                + "840101000000010000000000004e2000000000000000010000000000003039000000000000000200"
                + "00000000000003000000010000000c776973686c69737420e29c9300000000000000040000000000"
                + "00000500";
        UnitMessage decision = UnitMessage.of(new Decision(7, 8, List.of(new Decision.Assigned("a", 1, "x", false)),
                null));
        String decisionBytes = "0102000000000000000700000000000000080000000100000001610000000100000001780002";
        UnitMessage coverage = UnitMessage.of(new Coverage("exp", 2, "treatment", null, 1_001, true, 4));
        String coverageBytes = "010000000003657870000000020000000974726561746d656e740000000000000003e9"
                + "010000000000000004";
        ArmKey arm = new ArmKey("exp", 1, "control");
        ArmChange change = ArmChange.of(new ArmDelta(arm, null, Map.of("revenue", new UnitValue(-300, 2)), 1, 50, 9));
        String changeBytes = "01000000036578700000000100000007636f6e74726f6c0000000000000001000000000000000100"
                + "00000100000007726576656e7565000000000000000100000002fed400000003015f900000000102"
                + "000000010400000002fda8000000000000003200000000000000090000000000000009";

        assertFormat(UnitCodecs.unitState(), state, stateBytes);
        assertFormat(UnitCodecs.unitMessage(), decision, decisionBytes);
        assertFormat(UnitCodecs.unitMessage(), coverage, coverageBytes);
        assertFormat(UnitCodecs.armChange(), change, changeBytes);
    }

    private static <T> void assertFormat(Serde<T> serde, T value, String hex) {
        assertThat(HexFormat.of().formatHex(serde.serializer().serialize(TOPIC, value))).isEqualTo(hex);
        assertThat(serde.deserializer().deserialize(TOPIC, HexFormat.of().parseHex(hex))).isEqualTo(value);
    }

    @Test
    void shouldStillReadTheJsonWrittenBeforeTheBinaryFormat() {
        UnitState state = fullState();
        byte[] json = new JsonSerde<>(UnitState.class).serializer().serialize(TOPIC, state);
        assertThat(UnitCodecs.unitState().deserializer().deserialize(TOPIC, json)).isEqualTo(state);

        ArmKey arm = new ArmKey("exp", 1, "control");
        ArmDelta delta = new ArmDelta(arm, null, Map.of("conversion", new UnitValue(1, 0)), 1, 50, 9);
        byte[] deltaJson = new JsonSerde<>(ArmDelta.class).serializer().serialize(TOPIC, delta);
        assertThat(UnitCodecs.armChange().deserializer().deserialize(TOPIC, deltaJson))
                .as("a delta of the version before the combiner").isEqualTo(ArmChange.of(delta));
    }

    @Test
    void shouldRefuseAnotherFormatTruncatedBytesAndGarbage() {
        byte[] good = UnitCodecs.unitState().serializer().serialize(TOPIC, fullState());
        byte[] otherVersion = good.clone();
        otherVersion[0] = 2;
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] hugeLength = {BinarySerde.FORMAT_1, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        for (byte[] poison : List.of(otherVersion, Arrays.copyOf(good, good.length - 3), trailing, hugeLength,
                new byte[0], new byte[] {'{', 'x'}, new byte[] {BinarySerde.FORMAT_1})) {
            assertThatThrownBy(() -> UnitCodecs.unitState().deserializer().deserialize(TOPIC, poison))
                    .isInstanceOf(SerializationException.class);
        }
        byte[] message = UnitCodecs.unitMessage().serializer().serialize(TOPIC,
                UnitMessage.of(new Activity("e", 5, ActivityType.PAGE_VIEW, null, 0, null)));
        message[1] = 9; // no such kind of input
        assertThatThrownBy(() -> UnitCodecs.unitMessage().deserializer().deserialize(TOPIC, message))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown unit input kind 9");
    }
}
