package dev.ep.config.api.layer;

import dev.ep.config.view.BucketMapView;

/** A layer with its bucket map. */
record LayerDetail(String id, String name, String description, String unit, int bucketCount, long version,
        BucketMapView buckets) {
}
