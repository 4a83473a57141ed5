package dev.ep.deploy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A JVM application of the platform started from its module's runnable jar ({@code <module>/target/<module>-*-exec.jar}).
 *
 * @param name     the process name shown in progress lines, the summary and the log file name
 * @param kind     the schema registry is required once built and starts before the services
 * @param port     the fixed local HTTP port, handed over as {@code PORT}
 * @param database the PostgreSQL database the application owns, if any
 * @param scaling  whether {@code --instances N} runs it N times, and behind a front or not
 */
record Component(String name, Kind kind, int port, Optional<String> database, Scaling scaling) {

    enum Kind { REGISTRY, SERVICE }

    /**
     * SINGLE: always one process. INSTANCES: N processes of one consumer group / application id, each on its own
     * port (Kafka spreads the work; their HTTP APIs read shared state). FRONTED: N processes behind one front port.
     */
    enum Scaling { SINGLE, INSTANCES, FRONTED }

    /** A component that always runs as one process. */
    Component(String name, Kind kind, int port, Optional<String> database) {
        this(name, kind, port, database, Scaling.SINGLE);
    }

    Component {
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(database, "database");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("component name must be a lowercase module name, was '" + name + "'");
        }
    }

    /** The Maven module directory, named like the component. */
    Path moduleDir(Path home) {
        return home.resolve(name);
    }

    /** Where the jar is looked for; the first {@code <module>-*-exec.jar} there counts. */
    Path targetDir(Path home) {
        return moduleDir(home).resolve("target");
    }

    String jarGlob() {
        return name + "-*-exec.jar";
    }
}
