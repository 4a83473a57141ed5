package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Activity;
import dev.ep.reporting.attribution.ActivityHistory;
import dev.ep.reporting.attribution.ActivityTotals;
import dev.ep.reporting.attribution.ActivityType;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.Coverage;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.Exposure;
import dev.ep.reporting.attribution.MetricSums;
import dev.ep.reporting.attribution.UnitKind;
import dev.ep.reporting.attribution.UnitInput;
import dev.ep.reporting.attribution.UnitState;
import dev.ep.reporting.attribution.UnitValue;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary format 1 ({@link BinarySerde}) of the records on the hot path: a user unit's input on the
 * {@code user-units} repartition topic, a unit's state in the {@code session-units} and {@code user-units} stores, an
 * arm's added-up change in the {@code *-arm-pending} stores and on the {@code session-arms} and {@code user-arms}
 * repartition topics, an arm's totals in the {@code arms} store. Fields in declaration order; maps and lists as a count then their
 * entries; map order is kept (the state's maps are copies, their order does not matter to the rules).
 */
final class UnitCodecs {

    private static final ActivityType[] ACTIVITY_TYPES = ActivityType.values();
    private static final UnitKind[] UNIT_KINDS = UnitKind.values();

    private UnitCodecs() {
    }

    static BinarySerde<UnitState> unitState() {
        return new BinarySerde<>(new BinarySerde.Codec<>() {
            @Override
            public void write(BinarySerde.Out out, UnitState s) throws IOException {
                out.writeLong(s.clock());
                out.writeInt(s.exposures().size());
                for (var e : s.exposures().entrySet()) {
                    out.string(e.getKey());
                    exposure(out, e.getValue());
                }
                out.writeInt(s.events().size());
                for (Activity a : s.events()) {
                    activity(out, a);
                }
                out.writeInt(s.assigned().size());
                for (var e : s.assigned().entrySet()) {
                    out.string(e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeBoolean(s.heldOut());
                out.writeByte(s.kind().ordinal());
                out.writeInt(s.history().days().size());
                for (ActivityHistory.Day d : s.history().days()) {
                    out.writeLong(d.epochDay());
                    totals(out, d.totals());
                    out.writeBoolean(d.namesOverflowed());
                }
            }

            @Override
            public UnitState read(BinarySerde.In in) throws IOException {
                long clock = in.readLong();
                int exposureCount = in.length(in.readInt());
                Map<String, Exposure> exposures = new LinkedHashMap<>();
                for (int i = 0; i < exposureCount; i++) {
                    exposures.put(in.string(), exposure(in));
                }
                int eventCount = in.length(in.readInt());
                List<Activity> events = new ArrayList<>(eventCount);
                for (int i = 0; i < eventCount; i++) {
                    events.add(activity(in));
                }
                int assignedCount = in.length(in.readInt());
                Map<String, Long> assigned = new LinkedHashMap<>();
                for (int i = 0; i < assignedCount; i++) {
                    assigned.put(in.string(), in.readLong());
                }
                boolean heldOut = in.readBoolean();
                UnitKind kind = in.enumOf(UNIT_KINDS);
                int dayCount = in.length(in.readInt());
                List<ActivityHistory.Day> days = new ArrayList<>(dayCount);
                for (int i = 0; i < dayCount; i++) {
                    days.add(new ActivityHistory.Day(in.readLong(), totals(in), in.readBoolean()));
                }
                return new UnitState(clock, exposures, events, assigned, heldOut, kind, new ActivityHistory(days));
            }
        }, UnitState.class);
    }

    static BinarySerde<UnitMessage> unitMessage() {
        return new BinarySerde<>(new BinarySerde.Codec<>() {
            @Override
            public void write(BinarySerde.Out out, UnitMessage m) throws IOException {
                UnitInput input = m.input();
                if (input instanceof Coverage c) {
                    out.writeByte(0);
                    out.string(c.experimentId());
                    out.writeInt(c.phase());
                    out.string(c.treatment());
                    out.nullableInt(c.slot());
                    out.writeLong(c.time());
                    out.writeBoolean(c.forced());
                    out.writeLong(c.configVersion());
                } else if (input instanceof Activity a) {
                    out.writeByte(1);
                    activity(out, a);
                } else {
                    Decision d = (Decision) input;
                    out.writeByte(2);
                    out.writeLong(d.time());
                    out.writeLong(d.configVersion());
                    out.writeInt(d.assignments().size());
                    for (Decision.Assigned a : d.assignments()) {
                        out.string(a.experimentId());
                        out.writeInt(a.phase());
                        out.string(a.treatment());
                        out.writeBoolean(a.forced());
                    }
                    out.nullableBoolean(d.holdout());
                }
            }

            @Override
            public UnitMessage read(BinarySerde.In in) throws IOException {
                byte kind = in.readByte();
                return switch (kind) {
                    case 0 -> UnitMessage.of(new Coverage(in.string(), in.readInt(), in.string(), in.nullableInt(),
                            in.readLong(), in.readBoolean(), in.readLong()));
                    case 1 -> UnitMessage.of(activity(in));
                    case 2 -> {
                        long time = in.readLong();
                        long configVersion = in.readLong();
                        int count = in.length(in.readInt());
                        List<Decision.Assigned> assigned = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            assigned.add(new Decision.Assigned(in.string(), in.readInt(), in.string(),
                                    in.readBoolean()));
                        }
                        yield UnitMessage.of(new Decision(time, configVersion, assigned, in.nullableBoolean()));
                    }
                    default -> throw new IOException("unknown unit input kind " + kind);
                };
            }
        }, UnitMessage.class);
    }

    static BinarySerde<ArmChange> armChange() {
        ArmChangeSerde legacy = new ArmChangeSerde();
        return new BinarySerde<>(new BinarySerde.Codec<>() {
            @Override
            public void write(BinarySerde.Out out, ArmChange c) throws IOException {
                out.string(c.arm().experimentId());
                out.writeInt(c.arm().phase());
                out.string(c.arm().treatment());
                out.writeLong(c.exposed());
                out.writeLong(c.assigned());
                metrics(out, c.metrics());
                out.writeLong(c.time());
                out.writeLong(c.minConfigVersion());
                out.writeLong(c.maxConfigVersion());
            }

            @Override
            public ArmChange read(BinarySerde.In in) throws IOException {
                ArmKey arm = new ArmKey(in.string(), in.readInt(), in.string());
                long exposed = in.readLong();
                long assigned = in.readLong();
                Map<String, MetricSums> metrics = metrics(in);
                return new ArmChange(arm, exposed, assigned, metrics, in.readLong(), in.readLong(), in.readLong());
            }
        }, ArmChange.class, bytes -> legacy.deserializer().deserialize(null, bytes));
    }

    /**
     * An arm's totals in the {@code arms} store, fields in declaration order like {@link #armChange()} (which has the
     * same fields). Values starting with {@code '{'} are the JSON the store held before.
     */
    static BinarySerde<ArmTotals> armTotals() {
        return new BinarySerde<>(new BinarySerde.Codec<>() {
            @Override
            public void write(BinarySerde.Out out, ArmTotals t) throws IOException {
                out.string(t.arm().experimentId());
                out.writeInt(t.arm().phase());
                out.string(t.arm().treatment());
                out.writeLong(t.exposed());
                out.writeLong(t.assigned());
                metrics(out, t.metrics());
                out.writeLong(t.currentTo());
                out.writeLong(t.minConfigVersion());
                out.writeLong(t.maxConfigVersion());
            }

            @Override
            public ArmTotals read(BinarySerde.In in) throws IOException {
                ArmKey arm = new ArmKey(in.string(), in.readInt(), in.string());
                long exposed = in.readLong();
                long assigned = in.readLong();
                Map<String, MetricSums> metrics = metrics(in);
                return new ArmTotals(arm, exposed, assigned, metrics, in.readLong(), in.readLong(), in.readLong());
            }
        }, ArmTotals.class);
    }

    private static void metrics(BinarySerde.Out out, Map<String, MetricSums> metrics) throws IOException {
        out.writeInt(metrics.size());
        for (var e : metrics.entrySet()) {
            out.string(e.getKey());
            MetricSums s = e.getValue();
            out.writeLong(s.n());
            for (BigInteger b : new BigInteger[] {s.sumY(), s.sumY2(), s.sumX(), s.sumX2(), s.sumXY()}) {
                byte[] bytes = b.toByteArray();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    private static Map<String, MetricSums> metrics(BinarySerde.In in) throws IOException {
        int count = in.length(in.readInt());
        Map<String, MetricSums> metrics = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.string();
            long n = in.readLong();
            BigInteger[] sums = new BigInteger[5];
            for (int j = 0; j < sums.length; j++) {
                byte[] bytes = new byte[in.length(in.readInt())];
                in.readFully(bytes);
                sums[j] = new BigInteger(bytes);
            }
            metrics.put(name, new MetricSums(n, sums[0], sums[1], sums[2], sums[3], sums[4]));
        }
        return metrics;
    }

    private static void exposure(BinarySerde.Out out, Exposure e) throws IOException {
        out.string(e.experimentId());
        out.writeInt(e.phase());
        out.string(e.treatment());
        out.nullableInt(e.slot());
        out.writeLong(e.time());
        out.writeLong(e.configVersion());
        out.writeBoolean(e.excluded());
        out.writeBoolean(e.closed());
        out.writeInt(e.emitted() == null ? -1 : e.emitted().size());
        if (e.emitted() != null) {
            for (var v : e.emitted().entrySet()) {
                out.string(v.getKey());
                out.writeLong(v.getValue().y());
                out.writeLong(v.getValue().x());
            }
        }
    }

    private static Exposure exposure(BinarySerde.In in) throws IOException {
        String experimentId = in.string();
        int phase = in.readInt();
        String treatment = in.string();
        Integer slot = in.nullableInt();
        long time = in.readLong();
        long configVersion = in.readLong();
        boolean excluded = in.readBoolean();
        boolean closed = in.readBoolean();
        int count = in.readInt();
        Map<String, UnitValue> emitted = null;
        if (count != -1) {
            emitted = new HashMap<>();
            for (int i = in.length(count); i > 0; i--) {
                emitted.put(in.string(), new UnitValue(in.readLong(), in.readLong()));
            }
        }
        return new Exposure(experimentId, phase, treatment, slot, time, configVersion, excluded, closed, emitted);
    }

    private static void activity(BinarySerde.Out out, Activity a) throws IOException {
        out.string(a.eventId());
        out.writeLong(a.time());
        out.writeByte(a.type().ordinal());
        out.string(a.name());
        out.writeLong(a.value());
        out.string(a.orderId());
    }

    private static Activity activity(BinarySerde.In in) throws IOException {
        return new Activity(in.string(), in.readLong(), in.enumOf(ACTIVITY_TYPES), in.string(), in.readLong(),
                in.string());
    }

    private static void totals(BinarySerde.Out out, ActivityTotals t) throws IOException {
        out.writeLong(t.orders());
        out.writeLong(t.revenue());
        out.writeLong(t.addToCarts());
        out.writeLong(t.pageViews());
        out.writeInt(t.custom().size());
        for (var e : t.custom().entrySet()) {
            out.string(e.getKey());
            out.writeLong(e.getValue().count());
            out.writeLong(e.getValue().value());
        }
    }

    private static ActivityTotals totals(BinarySerde.In in) throws IOException {
        long orders = in.readLong();
        long revenue = in.readLong();
        long addToCarts = in.readLong();
        long pageViews = in.readLong();
        int count = in.length(in.readInt());
        Map<String, ActivityTotals.NameTotals> custom = new HashMap<>();
        for (int i = 0; i < count; i++) {
            custom.put(in.string(), new ActivityTotals.NameTotals(in.readLong(), in.readLong()));
        }
        return new ActivityTotals(orders, revenue, addToCarts, pageViews, custom);
    }
}
