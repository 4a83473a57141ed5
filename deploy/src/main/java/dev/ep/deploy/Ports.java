package dev.ep.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * Every port of the local platform, derived from the defaults in {@link Catalog}: {@code EP_PORT_OFFSET} moves all of
 * them by the same amount (so two platforms, or a test and a benchmark, run side by side), and with
 * {@code --instances N} (N &gt; 1) instance {@code i} (1..N) of a scalable service listens on its port + 100·i, while
 * the service's own port is taken by the front (assignment-service) or left free (the Kafka consumers).
 *
 * @param offset    added to every default port
 * @param instances instances of each scalable service, 1..{@value #MAX_INSTANCES}
 */
record Ports(int offset, int instances) {

    /** Two cores shared by up to six engineers: four instances of each is already more than the machine holds. */
    static final int MAX_INSTANCES = 4;
    /** Instance {@code i} listens on the service's port + {@code INSTANCE_STEP · i}. */
    static final int INSTANCE_STEP = 100;
    static final int LOWEST_PORT = 1024;
    static final int HIGHEST_PORT = 65_535;

    Ports {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("--instances must be 1 to " + MAX_INSTANCES + ", was " + instances);
        }
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        for (int port : defaults()) {
            lowest = Math.min(lowest, port);
            highest = Math.max(highest, port);
        }
        long low = (long) lowest + offset;
        long high = (long) highest + offset;
        if (low < LOWEST_PORT || high > HIGHEST_PORT) {
            throw new IllegalArgumentException(PlatformSettings.ENV_PORT_OFFSET + "=" + offset + " puts ports outside "
                    + LOWEST_PORT + ".." + HIGHEST_PORT + " (the platform's ports run from " + lowest + " to " + highest
                    + "; allowed offsets: " + (LOWEST_PORT - lowest) + " to " + (HIGHEST_PORT - highest) + ")");
        }
    }

    /** Every default port any instance count could use, offset 0. */
    private static List<Integer> defaults() {
        List<Integer> ports = new ArrayList<>(List.of(Catalog.KAFKA_PORT, Catalog.KAFKA_CONTROLLER_PORT,
                Catalog.POSTGRES_PORT));
        for (Component component : Catalog.components()) {
            ports.add(component.port());
            if (component.scaling() != Component.Scaling.SINGLE) {
                ports.add(component.port() + INSTANCE_STEP * MAX_INSTANCES);
            }
        }
        return ports;
    }

    int kafka() {
        return Catalog.KAFKA_PORT + offset;
    }

    int kafkaController() {
        return Catalog.KAFKA_CONTROLLER_PORT + offset;
    }

    int postgres() {
        return Catalog.POSTGRES_PORT + offset;
    }

    /** The port a component is reached on: its own, or its front's. */
    int port(Component component) {
        return component.port() + offset;
    }

    /** True when a front on the component's port spreads requests over its instances. */
    boolean fronted(Component component) {
        return component.scaling() == Component.Scaling.FRONTED && instances > 1;
    }

    /** The processes that run the component: one on its port, or N on the instance ports. */
    List<Instance> instances(Component component) {
        if (component.scaling() == Component.Scaling.SINGLE || instances == 1) {
            return List.of(new Instance(component, 1, port(component)));
        }
        List<Instance> all = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            all.add(new Instance(component, i, port(component) + INSTANCE_STEP * i));
        }
        return all;
    }

    /** Where another process reaches the component: its front, else its first instance. */
    String baseUrl(Component component) {
        return "http://" + Catalog.LOOPBACK + ":" + (fronted(component) ? port(component)
                : instances(component).get(0).port());
    }
}
