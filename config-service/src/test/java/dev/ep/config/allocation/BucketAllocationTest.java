package dev.ep.config.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class BucketAllocationTest {

    @Test
    void shouldAppendClaimsInOrderAndMergeAdjacentRanges() {
        // given
        BucketAllocation first = BucketAllocation.NONE.plus(List.of(new Range(100, 200)));

        // when
        BucketAllocation second = first.plus(List.of(new Range(200, 300), new Range(50, 60)));

        // then
        assertThat(second.ranges()).containsExactly(new Range(100, 300), new Range(50, 60));
        assertThat(second.size()).isEqualTo(210);
    }

    @Test
    void shouldReleaseMostRecentlyClaimedFirst() {
        // given: claimed [500,600) first, then [0,100), then [900,950)
        BucketAllocation a = BucketAllocation.NONE.plus(List.of(new Range(500, 600)))
                .plus(List.of(new Range(0, 100))).plus(List.of(new Range(900, 950)));

        // when
        List<Range> released = a.newest(80);
        BucketAllocation rest = a.minusNewest(80);

        // then: all of the last claim, then the top 30 of the one before
        assertThat(released).containsExactly(new Range(70, 100), new Range(900, 950));
        assertThat(rest.ranges()).containsExactly(new Range(500, 600), new Range(0, 70));
        assertThat(rest.size()).isEqualTo(170);
    }

    @Test
    void shouldRejectInvalidAllocations() {
        assertThatThrownBy(() -> new BucketAllocation(List.of(new Range(0, 10), new Range(5, 20))))
                .hasMessageContaining("overlaps");
        assertThatThrownBy(() -> new BucketAllocation(List.of(new Range(9_990, 10_001))))
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> new BucketAllocation(List.of(new Range(0, 10), new Range(10, 20))))
                .hasMessageContaining("merged");
        assertThatThrownBy(() -> new Range(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketAllocation.NONE.newest(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
