package dev.ep.access;

import java.util.List;

/**
 * The local platform's public development tokens, the same as config-service's. A service accepts them only behind
 * its explicit {@code EP_<SERVICE>_DEV_TOKENS=true} switch, never by default.
 */
public final class DevTokens {

    public static final String VIEWER = "dev-viewer-token";
    public static final String OWNER = "dev-owner-token";
    public static final String ADMIN = "dev-admin-token";

    /** Every development token; each may read. */
    public static final List<String> ALL = List.of(VIEWER, OWNER, ADMIN);

    private DevTokens() {
    }
}
