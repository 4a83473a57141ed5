package dev.ep.console.proxy;

import java.util.Optional;

/** The services the console may reach, each under {@code /api/<prefix>/...}. */
public enum Upstream {
    CONFIG("config", "config-service"),
    REPORTING("reporting", "reporting-service"),
    ASSIGNMENT("assignment", "assignment-service"),
    INGEST("ingest", "event-ingest");

    private final String prefix;
    private final String service;

    Upstream(String prefix, String service) {
        this.prefix = prefix;
        this.service = service;
    }

    /** The path segment after {@code /api/}. */
    public String prefix() {
        return prefix;
    }

    /** The service's name, as problem details and the README name it. */
    public String service() {
        return service;
    }

    static Optional<Upstream> byPrefix(String prefix) {
        for (Upstream u : values()) {
            if (u.prefix.equals(prefix)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
