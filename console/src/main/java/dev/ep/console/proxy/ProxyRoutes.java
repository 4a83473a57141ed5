package dev.ep.console.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The allowlist: the only operations the console forwards, and the checks on the raw request path. Plain Java.
 * The path is taken as the client sent it (undecoded): a {@code %} anywhere, {@code ;} parameters, a backslash,
 * an empty, {@code .} or {@code ..} segment are refused, so no spelling of a path reaches an upstream path other
 * than the one matched, and every variable segment must be in the service's id syntax ({@link Segment}).
 */
public final class ProxyRoutes {

    /** Longest raw path and query string forwarded. */
    public static final int MAX_PATH = 1024;
    public static final int MAX_QUERY = 4096;
    static final String PREFIX = "/api/";

    private final List<Route> routes;

    ProxyRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The console's allowlist (console/README.md lists it). */
    public static ProxyRoutes standard() {
        Upstream c = Upstream.CONFIG;
        Upstream r = Upstream.REPORTING;
        return new ProxyRoutes(List.of(
                Route.of("GET", c, "/v1/me"),
                Route.of("GET", c, "/v1/layers"),
                Route.of("GET", c, "/v1/layers/{slug}"),
                Route.of("GET", c, "/v1/holdout"),
                Route.of("GET", c, "/v1/metrics"),
                Route.of("GET", c, "/v1/audit/verify"),
                Route.of("POST", c, "/v1/targeting/validate"),
                Route.of("GET", c, "/v1/experiments"),
                Route.of("POST", c, "/v1/experiments"),
                Route.of("GET", c, "/v1/experiments/{slug}"),
                Route.of("PUT", c, "/v1/experiments/{slug}"),
                Route.of("GET", c, "/v1/experiments/{slug}/history"),
                Route.of("POST", c, "/v1/experiments/{slug}/start"),
                Route.of("POST", c, "/v1/experiments/{slug}/ramp"),
                Route.of("POST", c, "/v1/experiments/{slug}/pause"),
                Route.of("POST", c, "/v1/experiments/{slug}/resume"),
                Route.of("POST", c, "/v1/experiments/{slug}/stop"),
                Route.of("PUT", c, "/v1/experiments/{slug}/weights"),
                Route.of("PUT", c, "/v1/experiments/{slug}/overrides"),
                Route.of("PUT", c, "/v1/experiments/{slug}/targeting"),
                Route.of("GET", r, "/v1/experiments/{slug}/results"),
                Route.of("GET", r, "/v1/experiments/{slug}/results/timeseries"),
                Route.of("POST", r, "/v1/analysis"),
                Route.of("POST", r, "/v1/power"),
                Route.verified("GET", Upstream.ASSIGNMENT, "/v1/explain"),
                Route.of("GET", Upstream.INGEST, "/v1/sessions/{unit}/timeline"),
                Route.of("GET", Upstream.INGEST, "/v1/timeline")));
    }

    /**
     * @param method the request method
     * @param rawPath the request URI's path exactly as sent (not decoded), starting with {@code /api/}
     * @param rawQuery the raw query string, or null
     */
    public Resolution resolve(String method, String rawPath, String rawQuery) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return notFound();
        }
        if (rawPath.length() > MAX_PATH) {
            return bad("the path is longer than " + MAX_PATH + " characters");
        }
        if (rawQuery != null && rawQuery.length() > MAX_QUERY) {
            return bad("the query string is longer than " + MAX_QUERY + " characters");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char ch = rawPath.charAt(i);
            if (ch == '%' || ch == ';' || ch == '\\' || ch <= ' ' || ch >= 0x7f) {
                return bad("the path may not contain " + describe(ch)
                        + " (ids are sent as they are, never percent-encoded)");
            }
        }
        List<String> segments = Arrays.asList(rawPath.substring(PREFIX.length()).split("/", -1));
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                return bad("the path may not contain empty, '.' or '..' segments");
            }
        }
        Upstream upstream = Upstream.byPrefix(segments.get(0)).orElse(null);
        if (upstream == null) {
            return notFound();
        }
        List<String> rest = segments.subList(1, segments.size());
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            if (route.upstream() == upstream && route.matchesPath(rest)) {
                if (route.method().equals(method)) {
                    return new Resolution.Forward(upstream, method, "/" + String.join("/", rest), rawQuery,
                            route.verifiedCaller());
                }
                allowed.add(route.method());
            }
        }
        if (!allowed.isEmpty()) {
            return new Resolution.Refused(405, "METHOD_NOT_ALLOWED",
                    method + " is not allowed here (allowed: " + String.join(", ", allowed) + ")");
        }
        return notFound();
    }

    /** The methods some route allows for this path (the {@code Allow} header of a 405). */
    public List<String> allowedMethods(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String m : List.of("GET", "POST", "PUT")) {
            if (resolve(m, rawPath, null) instanceof Resolution.Forward) {
                out.add(m);
            }
        }
        return out;
    }

    private static Resolution notFound() {
        return new Resolution.Refused(404, "NOT_FOUND", "the console does not forward this path (see the allowlist "
                + "in console/README.md)");
    }

    private static Resolution bad(String detail) {
        return new Resolution.Refused(400, "INVALID_PATH", detail);
    }

    private static String describe(char ch) {
        return switch (ch) {
            case '%' -> "'%'";
            case ';' -> "';'";
            case '\\' -> "a backslash";
            default -> "the character U+" + String.format("%04X", (int) ch);
        };
    }
}
