package dev.ep.config.security;

/** What a token may do: viewers read, owners and admins also write. */
public enum Role {
    VIEWER,
    OWNER,
    ADMIN;

    public boolean canWrite() {
        return this == OWNER || this == ADMIN;
    }
}
