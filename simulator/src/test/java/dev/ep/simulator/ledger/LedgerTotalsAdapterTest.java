package dev.ep.simulator.ledger;

import dev.ep.simulator.match.LedgerTotals;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerTotalsAdapterTest {

    private static final RunHeader HEADER = new RunHeader("r", 1, "m", "offline", 0, 0, "session", 10, List.of(
            new RunHeader.Experiment("x", "x", "l", "session", 1, 10_000, Map.of("control", 5000, "green", 5000),
                    "control", List.of(), List.of("checkout"), null, 0, Map.of("qa-1", "green"), List.of()),
            new RunHeader.Experiment("u", "u", "lu", "user", 1, 10_000, Map.of("control", 5000, "banner", 5000),
                    "control", List.of(), List.of("cart"), null, 0, Map.of(), List.of())));

    private final List<LedgerEntry> entries = new ArrayList<>();

    @Test
    void shouldCountUnitsConversionsOrdersAndRevenueByTheAttributionRules() {
        // s-1: order before its coverage (not attributed), coverage green, two orders after it (one resent)
        order("s-1", null, "o-0", 100);
        cover("s-1", null, "x", "green");
        order("s-1", null, "o-1", 250);
        order("s-1", null, "o-2", 50);
        order("s-1", null, "o-2", 50);
        // s-2: control, no order; a later confirmation of the same unit does not count again
        cover("s-2", null, "x", "control");
        cover("s-2", null, "x", "control");
        // qa-1: forced, never counts
        assign("qa-1", null, "x", "green", true);
        cover("qa-1", null, "x", "green");
        order("qa-1", null, "o-q", 999);
        // a USER experiment: the user's order in another session counts
        cover("s-3", "u-9", "u", "banner");
        order("s-4", "u-9", "o-9", 700);

        List<LedgerTotals> totals = LedgerTotalsAdapter.totals(
                new LedgerContents(HEADER, entries, false));

        assertThat(totals).containsExactlyInAnyOrder(
                new LedgerTotals("x", "control", 1, 0, 0, 0),
                new LedgerTotals("x", "green", 1, 1, 2, 300),
                new LedgerTotals("u", "control", 0, 0, 0, 0),
                new LedgerTotals("u", "banner", 1, 1, 1, 700));
    }

    private void assign(String session, String user, String experiment, String treatment, boolean forced) {
        add(session, user, LedgerEntry.ASSIGN, List.of(new LedgerEntry.Assigned(experiment, "l", treatment, forced)),
                null, null);
    }

    private void cover(String session, String user, String experiment, String treatment) {
        add(session, user, LedgerEntry.COVER, null, List.of(new LedgerEntry.Covered(experiment, treatment, "covered")),
                null);
    }

    private void order(String session, String user, String orderId, long value) {
        add(session, user, LedgerEntry.TRACK, null, null,
                List.of(new LedgerEntry.Sent("e-" + entries.size(), "order", value, orderId)));
    }

    private void add(String session, String user, String call, List<LedgerEntry.Assigned> a,
            List<LedgerEntry.Covered> c, List<LedgerEntry.Sent> s) {
        entries.add(new LedgerEntry(entries.size() + 1, 0, 0, session, 0, session.startsWith("qa"), user, "checkout",
                0, call, call.equals(LedgerEntry.TRACK) ? 202 : 200, 100, null, null, 1L, a, c, s));
    }
}
