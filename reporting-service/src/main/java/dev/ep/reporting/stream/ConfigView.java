package dev.ep.reporting.stream;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The current configuration of this instance, swapped atomically by the global configuration processor and read
 * by the unit processors and the results endpoint.
 */
public final class ConfigView {

    private final AtomicReference<ConfigSnapshot> current = new AtomicReference<>(ConfigSnapshot.EMPTY);

    public ConfigSnapshot get() {
        return current.get();
    }

    void set(ConfigSnapshot snapshot) {
        current.set(snapshot);
    }
}
