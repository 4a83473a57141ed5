package dev.ep.simulator.offline;

import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.ledger.Ledger;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for assignment-service that decides locally by the platform's rules (holdout by its unit first, then
 * per layer a QA override, else the experiment owning the unit's bucket if the page is one of its pages, then the
 * treatment of the unit's slot), with its own hash (not the platform's MurmurHash3 spec: only uniformity matters
 * here). It lets the engine, the ledger and the validations be tested and a model be tried without a platform
 * ({@code --mode offline}). Every call is recorded in the ledger like the HTTP storefront's, with status 200/202 and latency 0: there is
 * no network call to time, and the simulator's own time under a loaded machine is not the platform's, so the SLA is
 * judged only on runs against the platform.
 */
public final class OfflineStorefront implements Storefront {

    private final RunHeader header;
    private final Ledger ledger;
    private final Map<String, List<RunHeader.Experiment>> layers = new LinkedHashMap<>();

    public OfflineStorefront(RunHeader header, Ledger ledger) {
        this.header = header;
        this.ledger = ledger;
        for (RunHeader.Experiment e : header.experiments()) {
            layers.computeIfAbsent(e.layer(), k -> new ArrayList<>()).add(e);
        }
    }

    @Override
    public Assignments assign(Visit visit) {
        String session = visit.session().sessionId();
        String holdoutUnit = "user".equals(header.holdoutUnit()) ? visit.userId() : session;
        boolean heldOut = holdoutUnit != null && header.holdoutBasisPoints() > 0
                && bucket("holdout", holdoutUnit) < header.holdoutBasisPoints();
        List<Assignment> out = new ArrayList<>();
        for (Map.Entry<String, List<RunHeader.Experiment>> layer : layers.entrySet()) {
            String unitType = layer.getValue().get(0).unit();
            String unit = "user".equals(unitType) ? visit.userId() : session;
            if (unit == null || (heldOut && unitType.equals(header.holdoutUnit()))) {
                continue;
            }
            Assignment forced = null;
            for (RunHeader.Experiment e : layer.getValue()) {
                String t = e.overrides().get(unit);
                if (t != null && e.assignsOn(visit.page())) {
                    forced = new Assignment(e.id(), e.layer(), t, true, "offline");
                    break;
                }
            }
            if (forced != null) {
                out.add(forced);
                continue;
            }
            int b = bucket("bucket:" + layer.getKey(), unit);
            int from = 0;
            for (RunHeader.Experiment e : layer.getValue()) {
                if (b >= from && b < from + e.trafficBasisPoints()) {
                    if (e.assignsOn(visit.page())) {
                        out.add(new Assignment(e.id(), e.layer(), treatment(e, unit), false, "offline"));
                    }
                    break;
                }
                from += e.trafficBasisPoints();
            }
        }
        List<LedgerEntry.Assigned> recorded = out.stream()
                .map(a -> new LedgerEntry.Assigned(a.experimentId(), a.layerId(), a.treatment(), a.forced())).toList();
        ledger.append(new LedgerEntry(0, System.currentTimeMillis(), visit.simMillis(), session,
                visit.session().index(), visit.session().qa(), visit.userId(), visit.page(), visit.pageIndex(),
                LedgerEntry.ASSIGN, 200, 0, null, heldOut, 1L, recorded, null, null));
        return new Assignments(true, heldOut, out);
    }

    @Override
    public void cover(Visit visit, List<Assignment> rendered) {
        List<LedgerEntry.Covered> items = rendered.stream()
                .map(a -> new LedgerEntry.Covered(a.experimentId(), a.treatment(), "covered")).toList();
        ledger.append(new LedgerEntry(0, System.currentTimeMillis(), visit.simMillis(), visit.session().sessionId(),
                visit.session().index(), visit.session().qa(), visit.userId(), visit.page(), visit.pageIndex(),
                LedgerEntry.COVER, 200, 0, null, null, 1L, null, items, null));
    }

    @Override
    public void track(Visit visit, List<TrackEvent> events) {
        List<LedgerEntry.Sent> sent = events.stream()
                .map(e -> new LedgerEntry.Sent(e.eventId(), e.type(), e.value(), e.orderId())).toList();
        ledger.append(new LedgerEntry(0, System.currentTimeMillis(), visit.simMillis(), visit.session().sessionId(),
                visit.session().index(), visit.session().qa(), visit.userId(), visit.page(), visit.pageIndex(),
                LedgerEntry.TRACK, 202, 0, null, null, null, null, null, sent));
    }

    private static String treatment(RunHeader.Experiment e, String unit) {
        int slot = bucket("slot:" + e.id(), unit);
        int from = 0;
        String last = null;
        for (Map.Entry<String, Integer> w : e.weights().entrySet()) {
            from += w.getValue();
            last = w.getKey();
            if (slot < from) {
                return last;
            }
        }
        return last;
    }

    /** 0..9999 from a 64-bit FNV-1a hash of "namespace|unit", finalised by a MurmurHash3-style mix. */
    static int bucket(String namespace, String unit) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (namespace + "|" + unit).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, 10_000);
    }
}
