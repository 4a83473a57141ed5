package dev.ep.ingest.store;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Which daily partitions should exist and which have expired; partition names. Plain date arithmetic. */
public final class PartitionPlan {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private PartitionPlan() {
    }

    /** {@code <table>_pYYYYMMDD}. */
    public static String name(String table, LocalDate day) {
        return table + "_p" + SUFFIX.format(day);
    }

    /** The day of a partition named by {@link #name}, or empty for any other name. */
    public static Optional<LocalDate> day(String table, String partition) {
        String prefix = table + "_p";
        if (!partition.startsWith(prefix) || partition.length() != prefix.length() + 8) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(partition.substring(prefix.length()), SUFFIX));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Yesterday (late events), today and {@code daysAhead} days after today. */
    public static List<LocalDate> ahead(LocalDate today, int daysAhead) {
        if (daysAhead < 0) {
            throw new IllegalArgumentException("daysAhead must not be negative: " + daysAhead);
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(daysAhead)); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /**
     * The days whose partitions are past retention: before {@code today - retentionDays}. A retention of 0 keeps
     * everything.
     */
    public static List<LocalDate> expired(Collection<LocalDate> existing, LocalDate today, int retentionDays) {
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must not be negative: " + retentionDays);
        }
        if (retentionDays == 0) {
            return List.of();
        }
        LocalDate oldestKept = today.minusDays(retentionDays);
        return existing.stream().filter(d -> d.isBefore(oldestKept)).sorted().toList();
    }
}
