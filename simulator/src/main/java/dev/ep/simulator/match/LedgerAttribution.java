package dev.ep.simulator.match;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what the ledger sent into {@link LedgerTotals} by the platform's attribution rules (reporting-service
 * README, "Attribution rules"; the same rules as {@code ingest-totals.sql}), so the simulator does not re-derive them:
 * <ul>
 *   <li>a unit is exposed by its first coverage of the experiment by time (ties: the one recorded first), in any
 *       phase, and counts only in that phase;</li>
 *   <li>any forced (QA) coverage of the experiment, or a held-out decision of the unit, leaves it out;</li>
 *   <li>a unit's orders are those of its session (SESSION units) or of its user from any session (USER units);</li>
 *   <li>an event id counts once per unit, an order id once per unit (the first by time); an order counts when
 *       {@code exposure ≤ time < end}, where the end is {@code exposure + window}, or earlier the start of a later
 *       phase whose weight change moved the unit's slot (carry-over: the unit stops contributing to its phase
 *       then, and never enters the new one).</li>
 * </ul>
 * Times are the ledger's: a coverage at the moment its confirmation was answered, an order at the moment it was sent
 * after that, so the ledger's order of events is the platform's server-time order. Record only what the platform
 * accepted (2xx answers, coverage answered as covered). Not thread-safe: fill it, then read it. Plain Java.
 */
public final class LedgerAttribution {

    /** One confirmed coverage of an experiment for a unit; {@code slot} null when forced or unknown. */
    public record Coverage(String experimentId, int phase, String treatment, String unitType, String unitId,
                           Instant at, boolean forced, Integer slot) {

        public Coverage(String experimentId, int phase, String treatment, String unitType, String unitId, Instant at,
                boolean forced) {
            this(experimentId, phase, treatment, unitType, unitId, at, forced, null);
        }

        public Coverage {
            Objects.requireNonNull(experimentId, "experimentId");
            Objects.requireNonNull(treatment, "treatment");
            Objects.requireNonNull(unitType, "unitType");
            Objects.requireNonNull(unitId, "unitId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** One order the platform accepted; {@code userId} null for an anonymous session, {@code orderId} may be null. */
    public record Order(String eventId, String sessionId, String userId, String orderId, long valueMinor, Instant at) {

        public Order {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(at, "at");
            if (valueMinor < 0) {
                throw new IllegalArgumentException("an order's value is not negative");
            }
        }
    }

    /** Slots {@code [start, end)}. */
    public record SlotRange(int start, int end) {
    }

    /** A phase opened by a weight change: when, and the slots it moved. */
    public record PhaseStart(int number, Instant startedAt, List<SlotRange> changedSlots) {

        public PhaseStart {
            Objects.requireNonNull(startedAt, "startedAt");
            changedSlots = List.copyOf(changedSlots);
        }

        boolean moves(Integer slot) {
            return slot != null && changedSlots.stream().anyMatch(r -> slot >= r.start() && slot < r.end());
        }
    }

    public static final String SESSION = "SESSION";
    public static final String USER = "USER";

    private final Duration window;
    private final List<Coverage> coverage = new ArrayList<>();
    private final List<Order> orders = new ArrayList<>();
    private final Set<Unit> heldOut = new HashSet<>();

    public LedgerAttribution(Duration window) {
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the attribution window must be positive");
        }
    }

    public LedgerAttribution coverage(Coverage covered) {
        coverage.add(covered);
        return this;
    }

    public LedgerAttribution order(Order order) {
        orders.add(order);
        return this;
    }

    /** A unit the holdout holds out: it is in no experiment of its unit type. */
    public LedgerAttribution heldOut(String unitType, String unitId) {
        heldOut.add(new Unit(unitType, unitId));
        return this;
    }

    private record Unit(String type, String id) {
    }

    /** The totals of one experiment phase, per treatment with at least one unit, by treatment name. */
    public List<LedgerTotals> totals(String experimentId, int phase) {
        return totals(experimentId, phase, List.of());
    }

    /**
     * The totals of one experiment phase, with the experiment's phases opened by weight changes (carry-over: a
     * later one that moved a unit's slot ends that unit's attribution at its start).
     */
    public List<LedgerTotals> totals(String experimentId, int phase, List<PhaseStart> phaseStarts) {
        Map<Unit, Coverage> first = new LinkedHashMap<>();
        Set<Unit> forced = new HashSet<>();
        List<Coverage> ofExperiment = coverage.stream().filter(c -> c.experimentId().equals(experimentId)).toList();
        List<Coverage> byTime = new ArrayList<>(ofExperiment);
        byTime.sort(Comparator.comparing(Coverage::at)); // stable: ties keep the order recorded
        for (Coverage c : byTime) {
            Unit unit = new Unit(c.unitType(), c.unitId());
            first.putIfAbsent(unit, c);
            if (c.forced()) {
                forced.add(unit);
            }
        }
        List<Order> ordersByTime = new ArrayList<>(orders);
        ordersByTime.sort(Comparator.comparing(Order::at));
        Map<String, long[]> perTreatment = new TreeMap<>();
        for (Map.Entry<Unit, Coverage> exposure : first.entrySet()) {
            Unit unit = exposure.getKey();
            Coverage exposed = exposure.getValue();
            if (exposed.phase() != phase || forced.contains(unit) || heldOut.contains(unit)) {
                continue;
            }
            Instant from = exposed.at();
            Instant to = from.plus(window);
            for (PhaseStart later : phaseStarts) {
                if (later.number() > exposed.phase() && later.moves(exposed.slot()) && later.startedAt().isBefore(to)) {
                    to = later.startedAt();
                }
            }
            Set<String> eventIds = new HashSet<>();
            Set<String> orderIds = new HashSet<>();
            long count = 0;
            long revenue = 0;
            for (Order order : ordersByTime) {
                boolean ofUnit = SESSION.equals(unit.type()) ? order.sessionId().equals(unit.id())
                        : USER.equals(unit.type()) && unit.id().equals(order.userId());
                if (!ofUnit || !eventIds.add(order.eventId())
                        || (order.orderId() != null && !orderIds.add(order.orderId()))) {
                    continue;
                }
                if (!order.at().isBefore(from) && order.at().isBefore(to)) {
                    count++;
                    revenue = Math.addExact(revenue, order.valueMinor());
                }
            }
            long[] t = perTreatment.computeIfAbsent(exposed.treatment(), k -> new long[4]);
            t[0]++;
            t[1] += count > 0 ? 1 : 0;
            t[2] += count;
            t[3] = Math.addExact(t[3], revenue);
        }
        List<LedgerTotals> totals = new ArrayList<>();
        perTreatment.forEach((treatment, t) -> totals.add(new LedgerTotals(experimentId, treatment, t[0], t[1], t[2],
                t[3])));
        return totals;
    }
}
