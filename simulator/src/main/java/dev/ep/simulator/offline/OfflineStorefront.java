package dev.ep.simulator.offline;

import dev.ep.simulator.engine.ConfigChanger;
import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.ledger.Ledger;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.model.ChangeSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 *
 * <p>It also takes the model's scheduled changes ({@link ConfigChanger}) by config-service's documented rules: a
 * ramp-up claims the lowest free buckets of the layer and a ramp-down releases the newest claims (owned buckets never
 * move); a weight change opens the next phase and moves the fewest slots: each losing treatment frees its highest
 * slots, handed lowest first to the gaining treatments in treatment order. The configuration version starts at 1
 * and goes up by one per change. Decisions read one immutable snapshot, swapped on a change.
 */
public final class OfflineStorefront implements Storefront, ConfigChanger {

    private static final int SLOTS = 10_000;

    private final RunHeader header;
    private final Ledger ledger;
    private volatile Snapshot snapshot;

    /** One experiment's rules: phase, traffic, weights and the slot → treatment map. */
    private record Rules(RunHeader.Experiment base, int phase, int trafficBasisPoints, Map<String, Integer> weights,
            String[] slotTreatment, List<Integer> claims) {
    }

    /** Everything a decision reads: per layer its bucket owners, per experiment its rules. */
    private record Snapshot(long version, Map<String, List<RunHeader.Experiment>> layers,
            Map<String, String[]> bucketOwner, Map<String, Rules> rules) {
    }

    public OfflineStorefront(RunHeader header, Ledger ledger) {
        this.header = header;
        this.ledger = ledger;
        Map<String, List<RunHeader.Experiment>> layers = new LinkedHashMap<>();
        for (RunHeader.Experiment e : header.experiments()) {
            layers.computeIfAbsent(e.layer(), k -> new ArrayList<>()).add(e);
        }
        Map<String, String[]> owners = new HashMap<>();
        Map<String, Rules> rules = new HashMap<>();
        for (Map.Entry<String, List<RunHeader.Experiment>> layer : layers.entrySet()) {
            String[] owner = new String[SLOTS];
            owners.put(layer.getKey(), owner);
            for (RunHeader.Experiment e : layer.getValue()) {
                List<Integer> claims = claim(owner, e.id(), e.trafficBasisPoints());
                rules.put(e.id(), new Rules(e, e.phase(), e.trafficBasisPoints(), e.weights(), initialSlots(e.weights()),
                        claims));
            }
        }
        this.snapshot = new Snapshot(1, layers, owners, rules);
    }

    @Override
    public Assignments assign(Visit visit) {
        Snapshot now = snapshot;
        String session = visit.session().sessionId();
        String holdoutUnit = "user".equals(header.holdoutUnit()) ? visit.userId() : session;
        boolean heldOut = holdoutUnit != null && header.holdoutBasisPoints() > 0
                && bucket("holdout", holdoutUnit) < header.holdoutBasisPoints();
        List<Assignment> out = new ArrayList<>();
        for (Map.Entry<String, List<RunHeader.Experiment>> layer : now.layers().entrySet()) {
            String unitType = layer.getValue().get(0).unit();
            String unit = "user".equals(unitType) ? visit.userId() : session;
            if (unit == null || (heldOut && unitType.equals(header.holdoutUnit()))) {
                continue;
            }
            Assignment forced = null;
            for (RunHeader.Experiment e : layer.getValue()) {
                String t = e.overrides().get(unit);
                if (t != null && e.assignsOn(visit.page())) {
                    forced = new Assignment(e.id(), e.layer(), t, true, "offline", now.rules().get(e.id()).phase(),
                            null);
                    break;
                }
            }
            if (forced != null) {
                out.add(forced);
                continue;
            }
            String owner = now.bucketOwner().get(layer.getKey())[bucket("bucket:" + layer.getKey(), unit)];
            if (owner != null) {
                Rules r = now.rules().get(owner);
                if (r.base().assignsOn(visit.page())) {
                    int slot = bucket("slot:" + owner, unit);
                    out.add(new Assignment(owner, r.base().layer(), r.slotTreatment()[slot], false, "offline",
                            r.phase(), slot));
                }
            }
        }
        List<LedgerEntry.Assigned> recorded = out.stream()
                .map(a -> new LedgerEntry.Assigned(a.experimentId(), a.layerId(), a.treatment(), a.forced(),
                        a.phase(), a.slot()))
                .toList();
        ledger.append(new LedgerEntry(0, System.currentTimeMillis(), visit.simMillis(), session,
                visit.session().index(), visit.session().qa(), visit.userId(), visit.page(), visit.pageIndex(),
                LedgerEntry.ASSIGN, 200, 0, null, heldOut, now.version(), recorded, null, null));
        return new Assignments(true, heldOut, out);
    }

    @Override
    public void cover(Visit visit, List<Assignment> rendered) {
        List<LedgerEntry.Covered> items = rendered.stream()
                .map(a -> new LedgerEntry.Covered(a.experimentId(), a.treatment(), "covered", a.phase(), a.slot()))
                .toList();
        ledger.append(new LedgerEntry(0, System.currentTimeMillis(), visit.simMillis(), visit.session().sessionId(),
                visit.session().index(), visit.session().qa(), visit.userId(), visit.page(), visit.pageIndex(),
                LedgerEntry.COVER, 200, 0, null, null, snapshot.version(), null, items, null));
    }

    @Override
    public void track(Visit visit, List<TrackEvent> events) {
        List<LedgerEntry.Sent> sent = events.stream()
                .map(e -> new LedgerEntry.Sent(e.eventId(), e.type(), e.value(), e.orderId())).toList();
        ledger.append(new LedgerEntry(0, System.currentTimeMillis(), visit.simMillis(), visit.session().sessionId(),
                visit.session().index(), visit.session().qa(), visit.userId(), visit.page(), visit.pageIndex(),
                LedgerEntry.TRACK, 202, 0, null, null, null, null, null, sent));
    }

    /** Applies a scheduled change to the local rules (single writer: the run's change barrier). */
    @Override
    public synchronized LedgerEntry.Change apply(ChangeSpec change) {
        Snapshot before = snapshot;
        Rules r = before.rules().values().stream().filter(x -> x.base().modelId().equals(change.experiment()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no experiment " + change.experiment()));
        Map<String, String[]> owners = new HashMap<>(before.bucketOwner());
        Map<String, Rules> rules = new HashMap<>(before.rules());
        long version = before.version() + 1;
        Rules next;
        List<LedgerEntry.SlotRange> changed = List.of();
        if (change.isRamp()) {
            String[] owner = owners.get(r.base().layer()).clone();
            List<Integer> claims = new ArrayList<>(r.claims());
            int target = change.rampBasisPoints();
            if (target > claims.size()) {
                claims.addAll(claim(owner, r.base().id(), target - claims.size()));
            } else {
                while (claims.size() > target) {
                    owner[claims.remove(claims.size() - 1)] = null;
                }
            }
            owners.put(r.base().layer(), owner);
            next = new Rules(r.base(), r.phase(), target, r.weights(), r.slotTreatment(), List.copyOf(claims));
        } else {
            Map<String, Integer> weights = new LinkedHashMap<>();
            for (String t : r.weights().keySet()) {
                weights.put(t, change.weightsBasisPoints().get(t));
            }
            String[] slots = r.slotTreatment().clone();
            changed = rebalance(slots, r.weights(), weights);
            next = new Rules(r.base(), r.phase() + 1, r.trafficBasisPoints(), weights, slots, r.claims());
        }
        rules.put(r.base().id(), next);
        snapshot = new Snapshot(version, before.layers(), owners, rules);
        return new LedgerEntry.Change(r.base().id(), change.isRamp() ? LedgerEntry.Change.RAMP
                : LedgerEntry.Change.WEIGHTS, next.phase(), version, System.currentTimeMillis(), next.weights(),
                next.trafficBasisPoints(), changed, change.reason());
    }

    /** Claims the {@code count} lowest free buckets of a layer for {@code experiment}, in claim order. */
    private static List<Integer> claim(String[] owner, String experiment, int count) {
        List<Integer> claimed = new ArrayList<>(count);
        for (int b = 0; b < SLOTS && claimed.size() < count; b++) {
            if (owner[b] == null) {
                owner[b] = experiment;
                claimed.add(b);
            }
        }
        if (claimed.size() < count) {
            throw new IllegalStateException("layer full: " + experiment + " needs " + count + " buckets");
        }
        return claimed;
    }

    /** Treatment i gets slots [w0 + … + w(i−1), w0 + … + wi). */
    private static String[] initialSlots(Map<String, Integer> weights) {
        String[] slots = new String[SLOTS];
        int from = 0;
        for (Map.Entry<String, Integer> w : weights.entrySet()) {
            Arrays.fill(slots, from, Math.min(SLOTS, from + w.getValue()), w.getKey());
            from += w.getValue();
        }
        return slots;
    }

    /**
     * Minimal movement: each treatment that loses weight frees its highest slots, and the freed slots go, lowest
     * first, to the treatments that gain, in treatment order. Returns the moved slots as ranges.
     */
    static List<LedgerEntry.SlotRange> rebalance(String[] slots, Map<String, Integer> before,
            Map<String, Integer> after) {
        List<Integer> freed = new ArrayList<>();
        for (String t : before.keySet()) {
            int lose = before.get(t) - after.get(t);
            for (int s = SLOTS - 1; s >= 0 && lose > 0; s--) {
                if (t.equals(slots[s])) {
                    freed.add(s);
                    lose--;
                }
            }
        }
        freed.sort(null);
        int i = 0;
        for (String t : after.keySet()) {
            for (int gain = after.get(t) - before.get(t); gain > 0; gain--) {
                slots[freed.get(i++)] = t;
            }
        }
        List<LedgerEntry.SlotRange> ranges = new ArrayList<>();
        for (int k = 0; k < freed.size(); k++) {
            int start = freed.get(k);
            int end = start + 1;
            while (k + 1 < freed.size() && freed.get(k + 1) == end) {
                end++;
                k++;
            }
            ranges.add(new LedgerEntry.SlotRange(start, end));
        }
        return ranges;
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
