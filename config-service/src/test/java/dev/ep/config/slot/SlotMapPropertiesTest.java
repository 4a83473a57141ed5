package dev.ep.config.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SlotMapPropertiesTest {

    /** A list of weight vectors of one length (2-6 treatments), each summing to 10,000 with positive entries. */
    @Provide
    Arbitrary<List<int[]>> weightHistories() {
        return Arbitraries.integers().between(2, 6).flatMap(n -> weights(n).list().ofMinSize(2).ofMaxSize(6));
    }

    private static Arbitrary<int[]> weights(int n) {
        return Arbitraries.integers().between(1, 9_999).list().ofSize(n - 1).uniqueElements().map(cuts -> {
            int[] sorted = cuts.stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] w = new int[n];
            int previous = 0;
            for (int i = 0; i < n - 1; i++) {
                w[i] = sorted[i] - previous;
                previous = sorted[i];
            }
            w[n - 1] = 10_000 - previous;
            return w;
        });
    }

    @Property(tries = 300)
    void shouldMoveTheMinimumAndOnlyFromLosersToGainers(@ForAll("weightHistories") List<int[]> history) {
        SlotMap map = SlotMap.initial(history.get(0));
        int[] previous = history.get(0);
        for (int[] weights : history.subList(1, history.size())) {
            SlotMap next = map.rebalance(weights);

            int minimum = 0;
            for (int t = 0; t < weights.length; t++) {
                assertThat(next.count(t)).isEqualTo(weights[t]);
                minimum += Math.max(0, previous[t] - weights[t]);
            }
            int moved = 0;
            for (int s = 0; s < SlotMap.SLOTS; s++) {
                int from = map.treatmentAt(s);
                int to = next.treatmentAt(s);
                if (from != to) {
                    moved++;
                    assertThat(weights[from]).as("slot %d left a treatment that did not lose weight", s)
                            .isLessThan(previous[from]);
                    assertThat(weights[to]).as("slot %d joined a treatment that did not gain weight", s)
                            .isGreaterThan(previous[to]);
                }
            }
            assertThat(moved).isEqualTo(minimum);
            assertThat(map.changedSlots(next).stream().mapToInt(r -> r.size()).sum()).isEqualTo(moved);
            assertThat(SlotMap.fromRanges(next.ranges(), weights.length)).isEqualTo(next);

            map = next;
            previous = weights;
        }
    }

    @Property(tries = 100)
    void shouldBeDeterministic(@ForAll("weightHistories") List<int[]> history) {
        SlotMap a = SlotMap.initial(history.get(0));
        SlotMap b = SlotMap.initial(history.get(0));
        for (int[] w : history.subList(1, history.size())) {
            a = a.rebalance(w);
            b = b.rebalance(w);
        }
        assertThat(a).isEqualTo(b);
        assertThat(a.ranges()).isEqualTo(b.ranges());
    }
}
