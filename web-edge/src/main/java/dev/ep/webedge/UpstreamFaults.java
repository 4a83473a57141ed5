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
     * A health path that names no health contributor, which Spring Boot 4.0.7 answers with an assertion instead of a
     * 404:
     * <ul>
     *   <li>{@code HealthEndpointSupport.getContributor} asserts that the contributor it walks into is not null before
     *       it checks it, so {@code /actuator/health/<unknown>/<more>} throws {@code IllegalStateException
     *       'contributor' must not be null} where {@code /actuator/health/<unknown>} is a 404;</li>
     *   <li>where the connector decodes an encoded slash (event-ingest, whose session ids may hold one),
     *       {@code /actuator/health/a%2Fb} is one segment holding a slash, and
     *       {@code AdditionalHealthEndpointPath.validateValue} throws {@code IllegalArgumentException 'value' must
     *       contain only one segment.}</li>
     * </ul>
     * Such a path names no health contributor: a 404.
     */
    public static boolean isUnknownHealthPath(Throwable e) {
        return e instanceof IllegalStateException && "'contributor' must not be null".equals(e.getMessage())
                && thrownIn(e, ".HealthEndpointSupport")
                || e instanceof IllegalArgumentException && "'value' must contain only one segment.".equals(e.getMessage())
                && thrownIn(e, ".AdditionalHealthEndpointPath");
    }

    private static boolean thrownIn(Throwable e, String classNameSuffix) {
        return Arrays.stream(e.getStackTrace()).limit(4).anyMatch(frame -> frame.getClassName().endsWith(classNameSuffix));
    }
}
