package dev.ep.config.view;

import dev.ep.config.layer.Layer;

/**
 * A layer (without its bucket map, which follows from the experiments: see {@link BucketMapView}); {@code unit} is
 * the unit every experiment in it hashes ({@code session} or {@code user}).
 */
public record LayerView(String id, String name, String description, String unit, int bucketCount, long version) {

    public static LayerView of(Layer layer, long version) {
        return new LayerView(layer.id().value(), layer.name(), layer.description(), layer.unit().text(), Layer.BUCKETS,
                version);
    }
}
