package dev.ep.config.layer;

import dev.ep.config.problem.Checks;

/** A layer's slug id; also the salt of the layer bucket hash, so it never changes. */
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
