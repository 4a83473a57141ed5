package dev.ep.simulator.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.simulator.match.LedgerAttribution.Coverage;
import dev.ep.simulator.match.LedgerAttribution.Order;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerAttributionTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    private static Coverage covered(String unit, String treatment, Instant at) {
        return new Coverage("checkout", 1, treatment, "SESSION", unit, at, false);
    }

    private static Order order(String eventId, String session, String orderId, long value, Instant at) {
        return new Order(eventId, session, null, orderId, value, at);
    }

    @Test
    void shouldExposeAUnitByItsFirstCoverageOnly() {
        LedgerAttribution ledger = new LedgerAttribution(Duration.ofDays(7))
                .coverage(covered("s1", "green", T0.plusSeconds(5)))
                .coverage(covered("s1", "control", T0))
                .order(order("e1", "s1", "o1", 100, T0.plusSeconds(1)));

        assertThat(ledger.totals("checkout", 1)).containsExactly(new LedgerTotals("checkout", "control", 1, 1, 1, 100));
    }

    @Test
    void shouldCountAnOrderIdOnceAndOnlyInsideTheWindow() {
        LedgerAttribution ledger = new LedgerAttribution(Duration.ofHours(1))
                .coverage(covered("s1", "control", T0))
                .order(order("e0", "s1", "o0", 50, T0.minusSeconds(1)))
                .order(order("e1", "s1", "o1", 100, T0))
                .order(order("e2", "s1", "o1", 100, T0.plusSeconds(2)))
                .order(order("e2", "s1", "o2", 999, T0.plusSeconds(3)))
                .order(order("e3", "s1", null, 7, T0.plusSeconds(4)))
                .order(order("e4", "s1", null, 7, T0.plusSeconds(5)))
                .order(order("e5", "s1", "o5", 1_000, T0.plus(Duration.ofHours(1))));

        // o1 once; e2 again (as o2) is the same event; e3 and e4 have no order id: counted per event id
        assertThat(ledger.totals("checkout", 1)).containsExactly(new LedgerTotals("checkout", "control", 1, 1, 3, 114));
    }

    @Test
    void shouldEndAttributionAtALaterPhaseThatMovedTheUnitsSlot() {
        // phase 2 opens at T0 + 10 s and moves slots [2000, 5000): s1 (slot 3000) stops contributing to phase 1 then,
        // s2 (slot 6000) keeps contributing; s3, first exposed in phase 2, counts only there
        List<LedgerAttribution.PhaseStart> phases = List.of(new LedgerAttribution.PhaseStart(2, T0.plusSeconds(10),
                List.of(new LedgerAttribution.SlotRange(2000, 5000))));
        LedgerAttribution ledger = new LedgerAttribution(Duration.ofDays(7))
                .coverage(new Coverage("checkout", 1, "control", "SESSION", "s1", T0, false, 3000))
                .coverage(new Coverage("checkout", 1, "green", "SESSION", "s2", T0, false, 6000))
                .coverage(new Coverage("checkout", 2, "green", "SESSION", "s3", T0.plusSeconds(11), false, 3000))
                .order(order("e1", "s1", "o1", 100, T0.plusSeconds(5)))
                .order(order("e2", "s1", "o2", 200, T0.plusSeconds(10)))
                .order(order("e3", "s2", "o3", 400, T0.plusSeconds(20)))
                .order(order("e4", "s3", "o4", 800, T0.plusSeconds(30)));

        assertThat(ledger.totals("checkout", 1, phases)).containsExactly(
                new LedgerTotals("checkout", "control", 1, 1, 1, 100),
                new LedgerTotals("checkout", "green", 1, 1, 1, 400));
        assertThat(ledger.totals("checkout", 2, phases)).containsExactly(
                new LedgerTotals("checkout", "green", 1, 1, 1, 800));
        // without the phase start, s1's second order counts in phase 1
        assertThat(ledger.totals("checkout", 1)).contains(new LedgerTotals("checkout", "control", 1, 1, 2, 300));
    }

    @Test
    void shouldLeaveOutForcedAndHeldOutUnitsAndOtherPhases() {
        LedgerAttribution ledger = new LedgerAttribution(Duration.ofDays(7))
                .coverage(covered("s1", "control", T0))
                .coverage(new Coverage("checkout", 1, "control", "SESSION", "s1", T0.plusSeconds(60), true))
                .coverage(covered("s2", "control", T0))
                .heldOut("SESSION", "s2")
                .coverage(new Coverage("checkout", 2, "green", "SESSION", "s3", T0, false))
                .coverage(new Coverage("search", 1, "green", "SESSION", "s4", T0, false))
                .coverage(covered("s5", "green", T0));

        assertThat(ledger.totals("checkout", 1)).containsExactly(new LedgerTotals("checkout", "green", 1, 0, 0, 0));
        assertThat(ledger.totals("checkout", 2)).containsExactly(new LedgerTotals("checkout", "green", 1, 0, 0, 0));
    }

    @Test
    void shouldAttributeAUsersOrdersFromEverySession() {
        LedgerAttribution ledger = new LedgerAttribution(Duration.ofDays(7))
                .coverage(new Coverage("checkout", 1, "green", "USER", "u1", T0, false))
                .order(new Order("e1", "s9", "u1", "o1", 700, T0.plusSeconds(10)))
                .order(new Order("e2", "s8", null, "o2", 800, T0.plusSeconds(10)));

        assertThat(ledger.totals("checkout", 1)).containsExactly(new LedgerTotals("checkout", "green", 1, 1, 1, 700));
    }
}
