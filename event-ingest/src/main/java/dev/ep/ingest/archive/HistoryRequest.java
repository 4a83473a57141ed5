package dev.ep.ingest.archive;

import dev.ep.schemas.ids.UnitIds;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One history report: the README's conversion report for an experiment's phase, over coverage days {@code from} to
 * {@code to} and orders from {@code from} to {@code ordersTo} (the attribution window runs on after the exposures).
 * Validated here; a violation is the client's mistake (400). Plain Java.
 */
public record HistoryRequest(String experimentId, int phase, LocalDate from, LocalDate to, LocalDate ordersTo) {

    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2099, 12, 31);
    /** The longest attribution window after {@code to}. */
    static final int MAX_ORDER_DAYS_AFTER = 90;

    public HistoryRequest {
        UnitIds.problem(experimentId).ifPresent(p -> {
            throw new IllegalArgumentException("experimentId " + p);
        });
        if (phase < 0) {
            throw new IllegalArgumentException("phase must be 0 or more, got " + phase);
        }
        if (from == null || to == null || ordersTo == null) {
            throw new IllegalArgumentException("from, to and ordersTo are dates (YYYY-MM-DD)");
        }
        if (from.isBefore(EARLIEST) || ordersTo.isAfter(LATEST)) {
            throw new IllegalArgumentException("dates must lie from " + EARLIEST + " to " + LATEST);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        }
        if (ordersTo.isBefore(to)) {
            throw new IllegalArgumentException("ordersTo (" + ordersTo + ") is before to (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(to, ordersTo) > MAX_ORDER_DAYS_AFTER) {
            throw new IllegalArgumentException("ordersTo may be at most " + MAX_ORDER_DAYS_AFTER + " days after to");
        }
    }

    /** Days of coverage the report reads. */
    long coverageDays() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
