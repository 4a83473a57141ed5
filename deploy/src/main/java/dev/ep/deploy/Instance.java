package dev.ep.deploy;

import java.util.Objects;

/**
 * One process of a component. The first instance keeps the component's name (its log, pid file and data directory
 * are those of a single-instance platform, so switching between one and several instances keeps its state); instance
 * {@code i > 1} is {@code <name>-i}.
 *
 * @param number 1-based
 */
record Instance(Component component, int number, int port) {

    Instance {
        Objects.requireNonNull(component, "component");
        if (number < 1 || number > Ports.MAX_INSTANCES) {
            throw new IllegalArgumentException("instance number must be 1.." + Ports.MAX_INSTANCES + ", was " + number);
        }
    }

    String name() {
        return number == 1 ? component.name() : component.name() + "-" + number;
    }
}
