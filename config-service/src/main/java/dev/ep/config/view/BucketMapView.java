package dev.ep.config.view;

import java.util.List;

import dev.ep.config.allocation.LayerBuckets;
import dev.ep.config.view.ExperimentView.RangeView;

/** Who owns which buckets of a layer, and what is free. */
public record BucketMapView(List<OwnerView> owners, List<RangeView> free, int freeBuckets, double freePercent) {

    public record OwnerView(String experiment, List<RangeView> ranges, int buckets, double percent) {
    }

    public static BucketMapView of(LayerBuckets b) {
        return new BucketMapView(
                b.owners().stream().map(o -> new OwnerView(o.experimentId(), RangeView.of(o.ranges()), o.buckets(),
                        o.buckets() / 100.0)).toList(),
                RangeView.of(b.free()), b.freeCount(), b.freeCount() / 100.0);
    }
}
