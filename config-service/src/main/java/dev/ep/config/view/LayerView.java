package dev.ep.config.view;

import dev.ep.config.layer.Layer;

/** A layer (without its bucket map, which follows from the experiments: see {@link BucketMapView}). */
public record LayerView(String id, String name, String description, int bucketCount, long version) {

    public static LayerView of(Layer layer, long version) {
        return new LayerView(layer.id().value(), layer.name(), layer.description(), Layer.BUCKETS, version);
    }
}
