package dev.ep.console.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One allowlisted operation: a method, an upstream and the path pattern under it, e.g.
 * {@code GET config /v1/experiments/{slug}/history}.
 *
 * @param verifiedCaller the console adds its own credential for this upstream (assignment-service's API key), so
 *     the caller's token is first checked at config-service
 */
record Route(String method, Upstream upstream, List<Segment> pattern, boolean verifiedCaller) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT");

    Route {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method " + method);
        }
        pattern = List.copyOf(pattern);
    }

    static Route of(String method, Upstream upstream, String path) {
        return new Route(method, upstream, parse(path), false);
    }

    static Route verified(String method, Upstream upstream, String path) {
        return new Route(method, upstream, parse(path), true);
    }

    private static List<Segment> parse(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(path);
        }
        return Arrays.stream(path.substring(1).split("/", -1)).map(Segment::parse).toList();
    }

    boolean matchesPath(List<String> segments) {
        if (segments.size() != pattern.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!pattern.get(i).matches(segments.get(i))) {
                return false;
            }
        }
        return true;
    }
}
