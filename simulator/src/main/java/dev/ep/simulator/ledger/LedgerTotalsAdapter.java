package dev.ep.simulator.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ledger's totals per experiment and treatment, for validation 4 ("the reports match"), counted by the
 * platform's attribution rules (reporting-service README, "Attribution rules"): a unit is exposed by its first
 * confirmed coverage ({@code covered}); units the run forced by a QA override never count; an order counts for the
 * unit when the platform accepted it (2xx) after the unit's first coverage was answered, once per order id. Ledger
 * order stands in for the server's clock: a session's calls are sequential, so within a session it is exact; for a
 * USER experiment two sessions of one user running at the same moment could be ordered differently by the server
 * (the attribution window, 7 days, is longer than any run and is not applied).
 */
public final class LedgerTotalsAdapter {

    private LedgerTotalsAdapter() {
    }

    /**
     * The shape of {@code dev.ep.simulator.match.LedgerTotals} (validation 4's input, another package of this module):
     * at integration this adapter returns that record.
     */
    public record Totals(String experimentId, String treatment, long units, long conversions, long orders,
            long revenueMinor) {
    }

    private record Exposure(String treatment, long seq) {
    }

    public static List<Totals> totals(LedgerContents ledger) {
        RunHeader header = ledger.header();
        Map<String, Exposure> first = new HashMap<>(); // experiment|unit
        Set<String> forced = new HashSet<>();
        Map<String, Map<String, Long>> orders = new HashMap<>(); // unit type|unit -> order id -> value (after seq)
        Map<String, Map<String, Long>> orderSeq = new HashMap<>();
        for (LedgerEntry e : ledger.entries()) {
            if (!e.ok()) {
                continue;
            }
            switch (e.call()) {
                case LedgerEntry.ASSIGN -> {
                    for (LedgerEntry.Assigned a : e.assignments()) {
                        RunHeader.Experiment x = header.experiment(a.experiment());
                        if (x != null && a.forced()) {
                            forced.add(x.id() + "|" + unit(x.unit(), e));
                        }
                    }
                }
                case LedgerEntry.COVER -> {
                    for (LedgerEntry.Covered c : e.coverage()) {
                        RunHeader.Experiment x = header.experiment(c.experiment());
                        String unit = x == null ? null : unit(x.unit(), e);
                        if (unit != null && c.covered()) {
                            first.putIfAbsent(x.id() + "|" + unit, new Exposure(c.treatment(), e.seq()));
                        }
                    }
                }
                case LedgerEntry.TRACK -> {
                    for (LedgerEntry.Sent s : e.events()) {
                        if (!"order".equals(s.type()) || s.orderId() == null) {
                            continue;
                        }
                        for (String unitType : List.of("session", "user")) {
                            String unit = unit(unitType, e);
                            if (unit != null) {
                                String key = unitType + "|" + unit;
                                orders.computeIfAbsent(key, k -> new LinkedHashMap<>())
                                        .putIfAbsent(s.orderId(), s.value() == null ? 0 : s.value());
                                orderSeq.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(s.orderId(), e.seq());
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        List<Totals> out = new ArrayList<>();
        for (RunHeader.Experiment x : header.experiments()) {
            Map<String, long[]> perTreatment = new LinkedHashMap<>();
            for (String t : x.weights().keySet()) {
                perTreatment.put(t, new long[4]);
            }
            for (Map.Entry<String, Exposure> f : first.entrySet()) {
                if (!f.getKey().startsWith(x.id() + "|") || forced.contains(f.getKey())) {
                    continue;
                }
                String unit = f.getKey().substring(x.id().length() + 1);
                long[] sums = perTreatment.computeIfAbsent(f.getValue().treatment(), k -> new long[4]);
                sums[0]++;
                String key = x.unit() + "|" + unit;
                long count = 0;
                long revenue = 0;
                for (Map.Entry<String, Long> o : orders.getOrDefault(key, Map.of()).entrySet()) {
                    if (orderSeq.get(key).get(o.getKey()) > f.getValue().seq()) {
                        count++;
                        revenue += o.getValue();
                    }
                }
                sums[1] += count > 0 ? 1 : 0;
                sums[2] += count;
                sums[3] += revenue;
            }
            perTreatment.forEach((t, s) -> out.add(new Totals(x.id(), t, s[0], s[1], s[2], s[3])));
        }
        return out;
    }

    private static String unit(String unitType, LedgerEntry e) {
        return "user".equals(unitType) ? e.user() : e.session();
    }
}
