package dev.ep.reporting.attribution;

/**
 * The time bounds of attribution, in milliseconds of the server clock.
 *
 * @param windowMs a tracking event counts if received within this long after the unit's first exposure; the CUPED
 *                 covariate uses the same length before it
 * @param graceMs how late (behind the stream's time) an input may arrive and still count; events are kept this long
 *                beyond the window to wait for a coverage that arrives after them
 * @param memoryMs how long a unit is remembered as exposed or assigned after its exposure or decision, so that a
 *                 later coverage does not count it twice
 */
public record AttributionSettings(long windowMs, long graceMs, long memoryMs) {

    public AttributionSettings {
        if (windowMs <= 0 || graceMs < 0 || memoryMs < windowMs + graceMs) {
            throw new IllegalArgumentException("need window > 0, grace >= 0 and memory >= window + grace, got "
                    + windowMs + ", " + graceMs + ", " + memoryMs);
        }
    }

    /** How long after its time an event or an exposure stays open. */
    long horizonMs() {
        return windowMs + graceMs;
    }
}
