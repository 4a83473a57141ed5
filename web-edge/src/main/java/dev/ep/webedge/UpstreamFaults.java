package dev.ep.webedge;

import java.util.Arrays;

/**
 * Exceptions a framework throws for a client's request where it should have answered a 4xx: each service's catch-all
 * error handler asks here before it answers a 500, so a known upstream fault is answered as what it is and a real
 * server fault stays a 500. Each entry names the fault; remove it when the framework is fixed.
 */
public final class UpstreamFaults {

    private UpstreamFaults() {
    }

    /**
     * Spring Boot 4.0.7's {@code HealthEndpointSupport.getContributor} asserts that the contributor it walks into is
     * not null before it checks it, so {@code /actuator/health/<unknown>/<more>} throws {@code IllegalStateException
     * 'contributor' must not be null} where {@code /actuator/health/<unknown>} is a 404. Such a path names no health
     * contributor: a 404.
     */
    public static boolean isUnknownHealthPath(Throwable e) {
        return e instanceof IllegalStateException && "'contributor' must not be null".equals(e.getMessage())
                && Arrays.stream(e.getStackTrace()).limit(4)
                        .anyMatch(frame -> frame.getClassName().endsWith(".HealthEndpointSupport"));
    }
}
