package dev.ep.reporting.attribution;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's daily history: per UTC day with activity, the totals of its applied (deduplicated, not late) tracking
 * events, so that a USER experiment's CUPED covariate can be taken over a fixed period before the experiment started,
 * which lies further back than the unit state keeps single events.
 *
 * <p>Bounds: only days with activity are kept (sparse), each for {@link AttributionSettings#historyRetentionMs()}
 * after its start; a day keeps at most {@value #MAX_NAMES_PER_DAY} custom event names. A day on which a user sends
 * more distinct custom names than that drops its custom totals for good and is marked: it contributes nothing to any
 * custom metric's covariate (the built-in totals stay). The rule depends only on the day's set of events, so the
 * reconciliation SQL applies it exactly (README "Reconciliation").
 *
 * @param days oldest first, at most one per epoch day
 */
public record ActivityHistory(List<Day> days) {

    /** Distinct custom event names one day keeps; a day with more keeps none (see above). */
    public static final int MAX_NAMES_PER_DAY = 16;
    static final long DAY_MS = 86_400_000L;

    public static final ActivityHistory EMPTY = new ActivityHistory(List.of());

    /**
     * One UTC day's totals.
     *
     * @param epochDay days since 1970-01-01 (UTC)
     * @param namesOverflowed more than {@value #MAX_NAMES_PER_DAY} distinct custom names that day: custom totals
     *                        dropped
     */
    public record Day(long epochDay, ActivityTotals totals, boolean namesOverflowed) {

        public Day {
            totals = totals == null ? ActivityTotals.ZERO : totals;
        }

        Day with(Activity event) {
            ActivityTotals next = totals.with(event);
            if (namesOverflowed) {
                return new Day(epochDay, next.withoutCustom(), true);
            }
            if (next.custom().size() > MAX_NAMES_PER_DAY) {
                return new Day(epochDay, next.withoutCustom(), true);
            }
            return new Day(epochDay, next, false);
        }
    }

    public ActivityHistory {
        days = days == null ? List.of() : List.copyOf(days);
    }

    public boolean isEmpty() {
        return days.isEmpty();
    }

    static long epochDay(long time) {
        return Math.floorDiv(time, DAY_MS);
    }

    /** The history with one more applied event, counted on the UTC day of its server time. */
    ActivityHistory with(Activity event) {
        long day = epochDay(event.time());
        List<Day> next = new ArrayList<>(days.size() + 1);
        boolean placed = false;
        for (Day d : days) {
            if (!placed && d.epochDay() == day) {
                next.add(d.with(event));
                placed = true;
            } else {
                if (!placed && d.epochDay() > day) {
                    next.add(new Day(day, ActivityTotals.ZERO, false).with(event));
                    placed = true;
                }
                next.add(d);
            }
        }
        if (!placed) {
            next.add(new Day(day, ActivityTotals.ZERO, false).with(event));
        }
        return new ActivityHistory(next);
    }

    /** The totals of the days {@code [fromDay, toDay)}, custom totals only from days that did not overflow. */
    ActivityTotals over(long fromDay, long toDay) {
        ActivityTotals sum = ActivityTotals.ZERO;
        for (Day d : days) {
            if (d.epochDay() >= fromDay && d.epochDay() < toDay) {
                sum = sum.plus(d.totals());
            }
        }
        return sum;
    }

    /** Drops the days whose start is {@code retentionMs} or more before {@code clock}. */
    ActivityHistory forget(long clock, long retentionMs) {
        if (days.isEmpty() || forgottenAt(days.get(0), retentionMs) > clock) {
            return this;
        }
        return new ActivityHistory(days.stream().filter(d -> forgottenAt(d, retentionMs) > clock).toList());
    }

    /** When {@link #forget} drops the day: {@code retentionMs} after its start. */
    static long forgottenAt(Day day, long retentionMs) {
        return AttributionSettings.after(day.epochDay() * DAY_MS, retentionMs);
    }
}
