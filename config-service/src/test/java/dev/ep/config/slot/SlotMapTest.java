package dev.ep.config.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.ep.config.allocation.Range;
import org.junit.jupiter.api.Test;

class SlotMapTest {

    @Test
    void shouldLayOutTreatmentsContiguouslyWhenStarting() {
        SlotMap map = SlotMap.initial(new int[] {5_000, 3_000, 2_000});

        assertThat(map.ranges()).containsExactly(new SlotRange(0, 5_000, 0), new SlotRange(5_000, 8_000, 1),
                new SlotRange(8_000, 10_000, 2));
        assertThat(map.count(1)).isEqualTo(3_000);
    }

    @Test
    void shouldMoveOnlyTheShiftedShareWhenWeightsChange() {
        // given 50/50
        SlotMap before = SlotMap.initial(new int[] {5_000, 5_000});

        // when 40/60
        SlotMap after = before.rebalance(new int[] {4_000, 6_000});

        // then: the control gives up its top 1,000 slots to the variant, nothing else moves
        assertThat(after.ranges()).containsExactly(new SlotRange(0, 4_000, 0), new SlotRange(4_000, 10_000, 1));
        assertThat(before.changedSlots(after)).containsExactly(new Range(4_000, 5_000));
    }

    @Test
    void shouldHandOutFreedSlotsLowestFirstInTreatmentOrder() {
        // given 20/40/40
        SlotMap before = SlotMap.initial(new int[] {2_000, 4_000, 4_000});

        // when: b drops by 1,000 and c by 500; control grows by 1,500
        SlotMap after = before.rebalance(new int[] {3_500, 3_000, 3_500});

        // then: b's top [5000,6000) and c's top [9500,10000) become control
        assertThat(before.changedSlots(after)).containsExactly(new Range(5_000, 6_000), new Range(9_500, 10_000));
        assertThat(after.treatmentAt(5_500)).isZero();
        assertThat(after.treatmentAt(9_999)).isZero();
        assertThat(after.count(0)).isEqualTo(3_500);
    }

    @Test
    void shouldRoundTripThroughItsRanges() {
        SlotMap map = SlotMap.initial(new int[] {3_333, 3_333, 3_334}).rebalance(new int[] {1_000, 4_500, 4_500});

        assertThat(SlotMap.fromRanges(map.ranges(), 3)).isEqualTo(map);
    }

    @Test
    void shouldRejectBadWeightsAndBadRanges() {
        assertThatThrownBy(() -> SlotMap.initial(new int[] {5_000, 4_999})).hasMessageContaining("sum to 10000");
        assertThatThrownBy(() -> SlotMap.initial(new int[] {10_001, -1})).hasMessageContaining("negative");
        assertThatThrownBy(() -> SlotMap.initial(new int[] {5_000, 5_000}).rebalance(new int[] {10_000}))
                .hasMessageContaining("expected 2 weights");
        assertThatThrownBy(() -> SlotMap.fromRanges(List.of(new SlotRange(0, 10, 0)), 1)).hasMessageContaining("end at 10");
        assertThatThrownBy(() -> SlotMap.fromRanges(List.of(new SlotRange(5, 10_000, 0)), 1)).hasMessageContaining("gaps");
    }
}
