package dev.ep.console.proxy;

/** What the proxy does with a request: forward it to one upstream path, or refuse it. */
public sealed interface Resolution {

    /**
     * @param path the upstream path, made of the route's literals and checked ids only
     * @param query the raw query string (already checked by the edge guard as percent-encoded UTF-8), or null
     * @param verifiedCaller add the console's own credential after config-service accepted the caller's token
     */
    record Forward(Upstream upstream, String method, String path, String query, boolean verifiedCaller)
            implements Resolution {
    }

    /** A request the proxy does not forward: 400 (a path it never forwards), 404 (no such operation), 405. */
    record Refused(int status, String code, String detail) implements Resolution {
    }
}
