package dev.ep.config.dryrun;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ep.config.allocation.Range;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.CommandContext;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigDecider;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.ExperimentStatus;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.slot.SlotMap;

/**
 * What a start, a ramp or a weight change would do, without doing it: the decider runs on the current state (which
 * is immutable, so nothing else sees it), its events are applied to get the state after, and the two experiments are
 * compared bucket by bucket and slot by slot. A command the decider refuses throws the same {@code ConfigException}
 * the real command would, so a dry run answers exactly what the change would answer, and changes nothing.
 *
 * <p>Units: a unit's bucket ({@code bucket:L:<layer>:<unit>}) and its slot ({@code slot:L:<salt>:<unit>}) come from
 * two independent hashes (docs/hashing.md), so among the units in the experiment's buckets each slot holds an equal
 * share. Hence a unit that keeps its bucket changes treatment exactly when its slot moves, and the share of them that
 * does is moved slots / {@value SlotMap#SLOTS}. Shares are of the layer's units before the platform holdout and
 * targeting (both apply the same way before and after).
 *
 * @param experimentId the experiment
 * @param change       which command
 * @param version      the experiment's version now and after the change
 * @param phase        its phase now and after
 * @param traffic      the share of the layer it owns now and after, in basis points
 * @param buckets      the layer buckets the change claims and releases
 * @param slots        the treatment slots that move, grouped by (from, to)
 * @param units        the shares of units affected
 * @param summary      one sentence saying all of it
 * @param after        the experiment as it would be after the change
 */
public record DryRun(ExperimentId experimentId, Change change, Versions version, Phases phase, Traffic traffic,
        Buckets buckets, Slots slots, Units units, String summary, Experiment after) {

    public enum Change { START, RAMP, WEIGHTS }

    public record Versions(long current, long after) {
    }

    public record Phases(int current, int after, boolean startsNewPhase) {
    }

    public record Traffic(int beforeBasisPoints, int afterBasisPoints) {
    }

    /** Claimed and released buckets of the layer, ascending ranges {@code [start, end)}. */
    public record Buckets(LayerId layer, int layerBucketCount, List<Range> claimed, List<Range> released,
            int claimedCount, int releasedCount) {
    }

    /** {@code slots} slots, in {@code ranges}, move from treatment {@code from} to {@code to}. */
    public record SlotMove(String from, String to, int slots, List<Range> ranges) {
    }

    public record Slots(int total, int moved, List<SlotMove> moves) {
    }

    /**
     * @param treatmentChangesShare of the units the experiment assigns before the change, the share that stays in it
     *                              and gets another treatment (units that leave are counted in {@code leavingShare})
     * @param enteringShare         of the layer's units, the share newly assigned to the experiment
     * @param leavingShare          of the layer's units, the share no longer assigned to it
     */
    public record Units(double treatmentChangesShare, double enteringShare, double leavingShare) {
    }

    /**
     * The dry run of {@code command} (a {@link ConfigCommand.Start}, {@link ConfigCommand.Ramp} or
     * {@link ConfigCommand.ChangeWeights}) against {@code state}, checked exactly as the command itself would be.
     *
     * @throws dev.ep.config.problem.ConfigException what the real command would be refused with
     */
    public static DryRun of(ConfigState state, ConfigCommand command, CommandContext context) {
        Change change;
        ExperimentId id;
        if (command instanceof ConfigCommand.Start c) {
            change = Change.START;
            id = c.id();
        } else if (command instanceof ConfigCommand.Ramp c) {
            change = Change.RAMP;
            id = c.id();
        } else if (command instanceof ConfigCommand.ChangeWeights c) {
            change = Change.WEIGHTS;
            id = c.id();
        } else {
            throw new IllegalArgumentException("no dry run for " + command.getClass().getSimpleName());
        }
        ConfigState next = state;
        for (ConfigEvent e : ConfigDecider.decide(state, command, context)) {
            next = next.apply(e);
        }
        Experiment before = state.experiment(id).orElseThrow();
        Experiment after = next.experiment(id).orElseThrow();
        AggregateRef ref = AggregateRef.of(id);

        BitSet owned = before.allocation().buckets();
        BitSet owns = after.allocation().buckets();
        BitSet claimedSet = (BitSet) owns.clone();
        claimedSet.andNot(owned);
        BitSet releasedSet = (BitSet) owned.clone();
        releasedSet.andNot(owns);
        BitSet kept = (BitSet) owned.clone();
        kept.and(owns);
        Buckets buckets = new Buckets(after.definition().layer(), Layer.BUCKETS, ranges(claimedSet),
                ranges(releasedSet), claimedSet.cardinality(), releasedSet.cardinality());

        Slots slots = slotMoves(before, after);
        double changes = owned.isEmpty() ? 0.0
                : (double) kept.cardinality() / owned.cardinality() * slots.moved() / SlotMap.SLOTS;
        Units units = new Units(changes, (double) buckets.claimedCount() / Layer.BUCKETS,
                (double) buckets.releasedCount() / Layer.BUCKETS);
        Phases phases = new Phases(before.phase(), after.phase(), after.phase() != before.phase());
        Traffic traffic = new Traffic(before.trafficBasisPoints(), after.trafficBasisPoints());
        return new DryRun(id, change, new Versions(state.version(ref), next.version(ref)), phases, traffic, buckets,
                slots, units, summary(change, before, after, traffic, buckets, slots, units, phases), after);
    }

    /** Slots whose treatment differs, grouped by (from, to) in treatment order, each with its ascending ranges. */
    private static Slots slotMoves(Experiment before, Experiment after) {
        List<Treatment> treatments = after.definition().treatments().list();
        Map<List<Integer>, List<Range>> byPair = new LinkedHashMap<>();
        int moved = 0;
        SlotMap from = before.slots();
        SlotMap to = after.slots();
        for (int s = 0; s < SlotMap.SLOTS; s++) {
            int a = from.treatmentAt(s);
            int b = to.treatmentAt(s);
            if (a != b) {
                moved++;
                List<Range> ranges = byPair.computeIfAbsent(List.of(a, b), k -> new ArrayList<>());
                int last = ranges.size() - 1;
                if (last >= 0 && ranges.get(last).end() == s) {
                    ranges.set(last, new Range(ranges.get(last).start(), s + 1));
                } else {
                    ranges.add(new Range(s, s + 1));
                }
            }
        }
        List<SlotMove> moves = new ArrayList<>();
        byPair.entrySet().stream()
                .sorted((x, y) -> x.getKey().get(0).equals(y.getKey().get(0))
                        ? Integer.compare(x.getKey().get(1), y.getKey().get(1))
                        : Integer.compare(x.getKey().get(0), y.getKey().get(0)))
                .forEach(e -> moves.add(new SlotMove(treatments.get(e.getKey().get(0)).name(),
                        treatments.get(e.getKey().get(1)).name(),
                        e.getValue().stream().mapToInt(Range::size).sum(), List.copyOf(e.getValue()))));
        return new Slots(SlotMap.SLOTS, moved, List.copyOf(moves));
    }

    private static List<Range> ranges(BitSet set) {
        List<Range> out = new ArrayList<>();
        for (int start = set.nextSetBit(0); start >= 0; ) {
            int end = set.nextClearBit(start);
            out.add(new Range(start, end));
            start = set.nextSetBit(end);
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ summary

    private static String summary(Change change, Experiment before, Experiment after, Traffic traffic,
            Buckets buckets, Slots slots, Units units, Phases phases) {
        String layer = after.definition().layer().value();
        StringBuilder s = new StringBuilder();
        switch (change) {
            case START -> s.append("Start at ").append(percent(traffic.afterBasisPoints())).append(" of layer ")
                    .append(layer).append(": claims ").append(count(buckets.claimedCount()))
                    .append(" buckets (the lowest free); starts phase ").append(phases.after()).append(" with ")
                    .append(weights(after, after)).append('.');
            case RAMP -> {
                boolean up = traffic.afterBasisPoints() > traffic.beforeBasisPoints();
                s.append(up ? "Ramp-up from " : "Ramp-down from ").append(percent(traffic.beforeBasisPoints()))
                        .append(" to ").append(percent(traffic.afterBasisPoints())).append(" of layer ").append(layer)
                        .append(": ");
                if (up) {
                    s.append("claims ").append(count(buckets.claimedCount()))
                            .append(" buckets; no unit's treatment changes.");
                } else {
                    s.append("releases ").append(count(buckets.releasedCount()))
                            .append(" buckets (the most recently claimed), so ")
                            .append(share(units.leavingShare())).append(" of the layer's units leave the experiment;"
                                    + " no remaining unit's treatment changes.");
                }
            }
            case WEIGHTS -> {
                s.append("Weight change ").append(weights(before, after)).append(": moves ")
                        .append(count(slots.moved())).append(" of ").append(count(slots.total())).append(" slots (");
                for (int i = 0; i < slots.moves().size(); i++) {
                    SlotMove m = slots.moves().get(i);
                    s.append(i == 0 ? "" : ", ").append(m.from()).append(" → ").append(m.to()).append(' ')
                            .append(count(m.slots()));
                }
                s.append("), so ").append(share(units.treatmentChangesShare()))
                        .append(" of the experiment's units change treatment; starts phase ").append(phases.after())
                        .append('.');
            }
        }
        if (before.status() == ExperimentStatus.PAUSED) {
            s.append(" The experiment is paused: units see the change when it resumes.");
        }
        return s.toString();
    }

    /** {@code control 50% → 40%, green 50% → 60%}, or {@code control 50%, green 50%} when none changes. */
    private static String weights(Experiment before, Experiment after) {
        List<Treatment> was = before.definition().treatments().list();
        List<Treatment> is = after.definition().treatments().list();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < is.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(is.get(i).name()).append(' ');
            int w0 = was.get(i).weightBasisPoints();
            int w1 = is.get(i).weightBasisPoints();
            s.append(w0 == w1 ? percent(w1) : percent(w0) + " → " + percent(w1));
        }
        return s.toString();
    }

    private static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String share(double share) {
        return BigDecimal.valueOf(share * 100).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
                + "%";
    }

    private static String count(int n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }
}
