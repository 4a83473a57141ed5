package dev.ep.testsupport.fuzz;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * How much to fuzz, read from system properties so that one command changes every fuzz test:
 * <ul>
 *   <li>{@code ep.fuzz.requests}: how many requests (the test's default, small enough for every build; e.g. 10000 on
 *       demand),
 *   <li>{@code ep.fuzz.seconds}: the time bound (default 300 s); the run stops at whichever bound comes first and
 *       says how many it sent,
 *   <li>{@code ep.fuzz.seed}: the seed (the test's default),
 *   <li>{@code ep.fuzz.index}: send only this request of the seed (replaying a failure).
 * </ul>
 */
public record FuzzSettings(long seed, int requests, Duration time, OptionalInt onlyIndex) {

    public FuzzSettings {
        if (requests < 1) {
            throw new IllegalArgumentException("ep.fuzz.requests must be at least 1: " + requests);
        }
        if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("ep.fuzz.seconds must be positive: " + time);
        }
    }

    /** The system properties over the test's defaults. */
    public static FuzzSettings fromSystemProperties(long defaultSeed, int defaultRequests) {
        String index = System.getProperty("ep.fuzz.index");
        return new FuzzSettings(Long.getLong("ep.fuzz.seed", defaultSeed),
                Integer.getInteger("ep.fuzz.requests", defaultRequests),
                Duration.ofSeconds(Long.getLong("ep.fuzz.seconds", 300)),
                index == null || index.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(index.trim())));
    }
}
