package dev.ep.config.allocation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import dev.ep.config.layer.Layer;

/**
 * The buckets one experiment owns in its layer, as ranges in the order they were claimed. Claiming
 * appends (merging with the last range when adjacent), so buckets already owned never move;
 * releasing removes from the end, so the most recently claimed buckets go first.
 */
public record BucketAllocation(List<Range> ranges) {

    public static final BucketAllocation NONE = new BucketAllocation(List.of());

    public BucketAllocation {
        ranges = List.copyOf(ranges);
        BitSet seen = new BitSet(Layer.BUCKETS);
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            if (r.end() > Layer.BUCKETS) {
                throw new IllegalArgumentException("range " + r + " exceeds " + Layer.BUCKETS + " buckets");
            }
            if (seen.get(r.start(), r.end()).cardinality() > 0) {
                throw new IllegalArgumentException("range " + r + " overlaps an earlier range");
            }
            if (i > 0 && ranges.get(i - 1).end() == r.start()) {
                throw new IllegalArgumentException("range " + r + " continues the previous one and must be merged");
            }
            seen.set(r.start(), r.end());
        }
    }

    /** Number of buckets owned. */
    public int size() {
        int n = 0;
        for (Range r : ranges) {
            n += r.size();
        }
        return n;
    }

    public boolean owns(int bucket) {
        for (Range r : ranges) {
            if (r.contains(bucket)) {
                return true;
            }
        }
        return false;
    }

    /** This allocation with {@code claimed} appended in order. */
    public BucketAllocation plus(List<Range> claimed) {
        List<Range> out = new ArrayList<>(ranges);
        for (Range r : claimed) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).end() == r.start()) {
                out.set(last, new Range(out.get(last).start(), r.end()));
            } else {
                out.add(r);
            }
        }
        return new BucketAllocation(out);
    }

    /** The most recently claimed {@code count} buckets, as ranges in ascending order. */
    public List<Range> newest(int count) {
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("cannot release " + count + " of " + size() + " buckets");
        }
        List<Range> out = new ArrayList<>();
        int remaining = count;
        for (int i = ranges.size() - 1; i >= 0 && remaining > 0; i--) {
            Range r = ranges.get(i);
            int take = Math.min(remaining, r.size());
            out.add(new Range(r.end() - take, r.end()));
            remaining -= take;
        }
        out.sort(null);
        return List.copyOf(out);
    }

    /** This allocation without its most recently claimed {@code count} buckets. */
    public BucketAllocation minusNewest(int count) {
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("cannot release " + count + " of " + size() + " buckets");
        }
        List<Range> out = new ArrayList<>(ranges);
        int remaining = count;
        while (remaining > 0) {
            Range r = out.remove(out.size() - 1);
            int take = Math.min(remaining, r.size());
            if (take < r.size()) {
                out.add(new Range(r.start(), r.end() - take));
            }
            remaining -= take;
        }
        return new BucketAllocation(out);
    }

    /** The owned buckets as a bit set (for checks and tests). */
    public BitSet buckets() {
        BitSet set = new BitSet(Layer.BUCKETS);
        for (Range r : ranges) {
            set.set(r.start(), r.end());
        }
        return set;
    }
}
