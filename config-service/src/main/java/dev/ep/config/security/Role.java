package dev.ep.config.security;

/**
 * What a token may do: viewers read; owners also change experiments and metrics; admins also change the
 * platform-wide settings, layers and the holdout.
 */
public enum Role {
    VIEWER,
    OWNER,
    ADMIN;

    public boolean canWrite() {
        return this == OWNER || this == ADMIN;
    }

    /** Layers and the platform holdout change what every experiment gets: admins only. */
    public boolean canChangePlatform() {
        return this == ADMIN;
    }
}
