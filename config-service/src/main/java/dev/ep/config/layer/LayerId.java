package dev.ep.config.layer;

import dev.ep.config.problem.Checks;

/**
 * A layer's slug id; also the namespace of the layer bucket hash ({@code bucket:L:layerId:unitId}, L the UTF-8 byte
 * length of the id, docs/hashing.md), so it never changes. That hash has its own purpose prefix, so a layer id equal
 * to an experiment salt or to the holdout salt is harmless.
 */
public record LayerId(String value) implements Comparable<LayerId> {

    /** The layer that exists on every platform and that experiments use unless told otherwise. */
    public static final LayerId DEFAULT = new LayerId("default");

    public LayerId {
        Checks.slug("layer id", value);
    }

    @Override
    public int compareTo(LayerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
