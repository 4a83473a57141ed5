package dev.ep.ingest.event;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation shared by the row records: what PostgreSQL could not store, or analysis could not use. */
final class Checks {

    static final int MAX_ID_LENGTH = 256;
    static final int MAX_TEXT_LENGTH = 4096;
    /** Events outside these bounds are client clock errors, not data; they would also create absurd partitions. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Checks() {
    }

    static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " is missing or blank");
        }
        return optional(field, value, MAX_ID_LENGTH);
    }

    static String text(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidEventException(field + " is missing or empty");
        }
        return optional(field, value, MAX_TEXT_LENGTH);
    }

    static String optionalId(String field, String value) {
        return optional(field, value, MAX_ID_LENGTH);
    }

    static String optionalText(String field, String value) {
        return optional(field, value, MAX_TEXT_LENGTH);
    }

    private static String optional(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidEventException(field + " is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidEventException(field + " contains a NUL character (PostgreSQL text cannot hold it)");
        }
        return value;
    }

    static Instant time(String field, Instant value) {
        if (value == null) {
            throw new InvalidEventException(field + " is missing");
        }
        if (value.isBefore(EARLIEST) || !value.isBefore(LATEST)) {
            throw new InvalidEventException(field + " " + value + " is outside [" + EARLIEST + ", " + LATEST + ")");
        }
        return value;
    }

    static Map<String, String> map(String field, Map<String, String> value) {
        if (value == null) {
            return Map.of();
        }
        value.forEach((k, v) -> {
            optional(field + " key", k, MAX_TEXT_LENGTH);
            optional(field + "[" + k + "]", v, MAX_TEXT_LENGTH);
        });
        return value;
    }

    static int nonNegative(String field, int value) {
        if (value < 0) {
            throw new InvalidEventException(field + " is negative: " + value);
        }
        return value;
    }

    static String currency(String value) {
        if (value != null && !CURRENCY.matcher(value).matches()) {
            throw new InvalidEventException("currency '" + value + "' is not an ISO 4217 code (three capitals)");
        }
        return value;
    }
}
