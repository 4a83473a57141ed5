package dev.ep.config.allocation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * Who owns which buckets of one layer, and what is free. Built from the allocations of the layer's
 * running and paused experiments; answers first-fit claims.
 *
 * @param layer  the layer
 * @param owners each owning experiment (by id) with its ranges in claim order, sorted by id
 * @param free   free ranges, ascending
 */
public record LayerBuckets(LayerId layer, List<Owner> owners, List<Range> free) {

    /** One experiment's share of the layer. */
    public record Owner(String experimentId, List<Range> ranges, int buckets) {
        public Owner {
            ranges = List.copyOf(ranges);
        }
    }

    public LayerBuckets {
        owners = List.copyOf(owners);
        free = List.copyOf(free);
    }

    /** The bucket map of a layer from its owners' allocations (which must be disjoint). */
    public static LayerBuckets of(LayerId layer, Map<String, BucketAllocation> allocations) {
        BitSet used = new BitSet(Layer.BUCKETS);
        List<Owner> owners = new ArrayList<>();
        for (Map.Entry<String, BucketAllocation> e : allocations.entrySet()) {
            BitSet mine = e.getValue().buckets();
            if (mine.intersects(used)) {
                throw new IllegalStateException("experiment " + e.getKey() + " overlaps another owner in layer " + layer);
            }
            used.or(mine);
            if (!e.getValue().ranges().isEmpty()) {
                owners.add(new Owner(e.getKey(), e.getValue().ranges(), e.getValue().size()));
            }
        }
        owners.sort(Comparator.comparing(Owner::experimentId));
        List<Range> free = new ArrayList<>();
        int i = used.nextClearBit(0);
        while (i < Layer.BUCKETS) {
            int end = Math.min(used.nextSetBit(i) < 0 ? Layer.BUCKETS : used.nextSetBit(i), Layer.BUCKETS);
            free.add(new Range(i, end));
            i = used.nextClearBit(end);
        }
        return new LayerBuckets(layer, owners, free);
    }

    public int freeCount() {
        int n = 0;
        for (Range r : free) {
            n += r.size();
        }
        return n;
    }

    /**
     * First fit: the {@code count} lowest free buckets, as ascending ranges.
     *
     * @throws ConfigException {@link ErrorCode#LAYER_CAPACITY_EXCEEDED} saying how much is free
     */
    public List<Range> claim(String experimentId, int count) {
        int free = freeCount();
        if (count > free) {
            throw new ConfigException(ErrorCode.LAYER_CAPACITY_EXCEEDED, "layer '" + layer + "' has "
                    + free + " free buckets (" + percent(free) + "); experiment '" + experimentId
                    + "' needs " + count + " more (" + percent(count) + ")");
        }
        List<Range> out = new ArrayList<>();
        int remaining = count;
        for (Range r : this.free) {
            if (remaining == 0) {
                break;
            }
            int take = Math.min(remaining, r.size());
            out.add(new Range(r.start(), r.start() + take));
            remaining -= take;
        }
        return List.copyOf(out);
    }

    /** Basis points as a percentage text, e.g. 1250 → {@code 12.5%}. */
    public static String percent(int basisPoints) {
        return java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }
}
