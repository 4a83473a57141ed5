package dev.ep.reporting.attribution;

/**
 * The time bounds of attribution, in milliseconds of the server clock, and the CUPED pre-period of USER experiments
 * in whole UTC days.
 *
 * @param windowMs a tracking event counts if received within this long after the unit's first exposure; the CUPED
 *                 covariate of SESSION experiments and of the holdout uses the same length before it
 * @param graceMs how late (behind the stream's time) an input may arrive and still count; events are kept this long
 *                beyond the window to wait for a coverage that arrives after them
 * @param memoryMs how long a unit is remembered as exposed or assigned after its exposure or decision, so that a
 *                 later coverage does not count it twice
 * @param prePeriodDays P: a USER experiment's covariate is the unit's metric over the P whole UTC days before the UTC
 *                      day of the experiment's start
 * @param historyDays H: a user's daily history reaches H days back from a first exposure: the covariate exists for
 *                    units first exposed less than H days after the pre-period's first day (H − P days after the
 *                    start day); the days are kept H + window + grace, so they outlive every open exposure
 */
public record AttributionSettings(long windowMs, long graceMs, long memoryMs, int prePeriodDays, int historyDays) {

    public static final int DEFAULT_PRE_PERIOD_DAYS = 14;
    public static final int DEFAULT_HISTORY_DAYS = 56;

    public AttributionSettings {
        if (windowMs <= 0 || graceMs < 0 || memoryMs < windowMs + graceMs) {
            throw new IllegalArgumentException("need window > 0, grace >= 0 and memory >= window + grace, got "
                    + windowMs + ", " + graceMs + ", " + memoryMs);
        }
        if (prePeriodDays < 1 || historyDays < prePeriodDays || historyDays > 3660) {
            throw new IllegalArgumentException("need 1 <= CUPED pre-period <= history <= 3660 days, got "
                    + prePeriodDays + ", " + historyDays);
        }
    }

    /** The default CUPED pre-period (14 days) and history (56 days). */
    public AttributionSettings(long windowMs, long graceMs, long memoryMs) {
        this(windowMs, graceMs, memoryMs, DEFAULT_PRE_PERIOD_DAYS, DEFAULT_HISTORY_DAYS);
    }

    /** How long after its time an event or an exposure stays open. */
    long horizonMs() {
        return windowMs + graceMs;
    }

    /** {@code time + duration} (duration not negative), {@link Long#MAX_VALUE} where the sum would overflow. */
    static long after(long time, long duration) {
        return time > Long.MAX_VALUE - duration ? Long.MAX_VALUE : time + duration;
    }

    /** How long a day of a user's history is kept after the day's start: H + window + grace. */
    long historyRetentionMs() {
        return historyDays * ActivityHistory.DAY_MS + horizonMs();
    }
}
