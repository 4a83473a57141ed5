package dev.ep.config.slot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.ep.config.allocation.Range;

/**
 * Maps the {@value #SLOTS} treatment slots of an experiment to treatment indexes, in proportion to
 * the weights (in basis points, so one slot per basis point). Immutable.
 *
 * <p>Initially treatment 0 gets the first {@code w0} slots, treatment 1 the next {@code w1}, and so
 * on. {@link #rebalance} moves the fewest slots possible: each treatment whose weight drops gives up
 * its highest-numbered slots, and those freed slots, lowest first, go to the treatments whose weight
 * grows, in treatment order. The number of moved slots is half the L1 distance between the old and
 * new weights, which is the minimum; a slot whose treatment did not lose weight never moves.
 */
public final class SlotMap {

    public static final int SLOTS = 10_000;

    private final byte[] slots;
    private final int[] counts;

    private SlotMap(byte[] slots, int treatments) {
        this.slots = slots;
        this.counts = new int[treatments];
        for (byte t : slots) {
            counts[t]++;
        }
    }

    /** Contiguous layout: treatment i gets {@code weights[i]} slots after those of treatments before it. */
    public static SlotMap initial(int[] weights) {
        checkWeights(weights);
        byte[] slots = new byte[SLOTS];
        int at = 0;
        for (int t = 0; t < weights.length; t++) {
            Arrays.fill(slots, at, at + weights[t], (byte) t);
            at += weights[t];
        }
        return new SlotMap(slots, weights.length);
    }

    /** Rebuilds a map from its run-length encoding (as published), checking it covers every slot once. */
    public static SlotMap fromRanges(List<SlotRange> ranges, int treatments) {
        byte[] slots = new byte[SLOTS];
        int at = 0;
        for (SlotRange r : ranges) {
            if (r.start() != at || r.treatment() >= treatments) {
                throw new IllegalArgumentException("slot ranges must cover [0, " + SLOTS + ") in order without gaps; "
                        + "found [" + r.start() + ", " + r.end() + ") -> " + r.treatment() + " at " + at);
            }
            Arrays.fill(slots, r.start(), r.end(), (byte) r.treatment());
            at = r.end();
        }
        if (at != SLOTS) {
            throw new IllegalArgumentException("slot ranges end at " + at + ", not " + SLOTS);
        }
        return new SlotMap(slots, treatments);
    }

    /** The map for new weights with the fewest slots moved (see the class comment). */
    public SlotMap rebalance(int[] weights) {
        checkWeights(weights);
        if (weights.length != counts.length) {
            throw new IllegalArgumentException("expected " + counts.length + " weights, got " + weights.length);
        }
        byte[] next = slots.clone();
        boolean[] freed = new boolean[SLOTS];
        for (int t = 0; t < counts.length; t++) {
            int surplus = counts[t] - weights[t];
            for (int s = SLOTS - 1; s >= 0 && surplus > 0; s--) {
                if (slots[s] == t) {
                    freed[s] = true;
                    surplus--;
                }
            }
        }
        int s = 0;
        for (int t = 0; t < counts.length; t++) {
            int deficit = weights[t] - counts[t];
            while (deficit > 0) {
                while (!freed[s]) {
                    s++;
                }
                next[s] = (byte) t;
                freed[s] = false;
                deficit--;
            }
        }
        return new SlotMap(next, counts.length);
    }

    public int treatmentAt(int slot) {
        return slots[slot];
    }

    public int treatments() {
        return counts.length;
    }

    /** Slots mapped to the treatment (equals its weight in basis points). */
    public int count(int treatment) {
        return counts[treatment];
    }

    /** Run-length encoding: consecutive ranges covering every slot. */
    public List<SlotRange> ranges() {
        List<SlotRange> out = new ArrayList<>();
        int start = 0;
        for (int s = 1; s <= SLOTS; s++) {
            if (s == SLOTS || slots[s] != slots[start]) {
                out.add(new SlotRange(start, s, slots[start]));
                start = s;
            }
        }
        return out;
    }

    /** Slot ranges whose treatment differs between this map and {@code other}, ascending. */
    public List<Range> changedSlots(SlotMap other) {
        List<Range> out = new ArrayList<>();
        int s = 0;
        while (s < SLOTS) {
            if (slots[s] != other.slots[s]) {
                int start = s;
                while (s < SLOTS && slots[s] != other.slots[s]) {
                    s++;
                }
                out.add(new Range(start, s));
            } else {
                s++;
            }
        }
        return out;
    }

    private static void checkWeights(int[] weights) {
        if (weights.length < 1 || weights.length > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("between 1 and 127 treatments, got " + weights.length);
        }
        int sum = 0;
        for (int w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("weights must not be negative: " + Arrays.toString(weights));
            }
            sum += w;
        }
        if (sum != SLOTS) {
            throw new IllegalArgumentException("weights must sum to " + SLOTS + ", got " + sum);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotMap other && counts.length == other.counts.length && Arrays.equals(slots, other.slots);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return "SlotMap" + ranges();
    }
}
