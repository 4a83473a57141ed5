package dev.ep.ingest.event;

import dev.ep.schemas.ids.ExposureKey;
import dev.ep.schemas.ids.Texts;
import dev.ep.schemas.ids.UnitIds;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation shared by the row records: what PostgreSQL could not store, or analysis could not use. Session, user,
 * unit, holdout-unit and order ids and the client event ids of tracking events follow the platform's one id grammar
 * ({@link UnitIds}), the one the assignment service accepts and the timeline looks up; all other text must be
 * storable ({@link Texts}: no NUL, no unpaired surrogate).
 */
final class Checks {

    /** Bound of the ids the assignment service mints or takes from configuration (event ids, layer ids...). */
    static final int MAX_ID_LENGTH = 256;
    static final int MAX_TEXT_LENGTH = 4096;
    static final int MAX_BASIS_POINTS = 10_000;
    /** The unit types a row stores; {@code UNKNOWN} (an older record, or a newer symbol) is stored as null. */
    static final Set<String> UNIT_TYPES = Set.of("SESSION", "USER");
    /** Events outside these bounds are client clock errors, not data; they would also create absurd partitions. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Checks() {
    }

    /** A required id minted by the platform or its configuration (not a unit id): non-blank, bounded, storable. */
    static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " is missing or blank");
        }
        return optional(field, value, MAX_ID_LENGTH);
    }

    /** A required id of the platform's id grammar ({@link UnitIds}). */
    static String unitId(String field, String value) {
        UnitIds.problem(value).ifPresent(problem -> {
            throw new InvalidEventException(field + " " + problem);
        });
        return value;
    }

    /** An optional id of the platform's id grammar: null is absent, anything else must be a valid id. */
    static String optionalUnitId(String field, String value) {
        return value == null ? null : unitId(field, value);
    }

    /** An optional unit type: null (absent or unknown), SESSION or USER. */
    static String unitType(String field, String value) {
        if (value != null && !UNIT_TYPES.contains(value)) {
            throw new InvalidEventException(field + " must be SESSION or USER (or absent), got '" + value + "'");
        }
        return value;
    }

    /** A known unit type needs the id that was hashed for it. */
    static void unitIdOfType(String typeField, String type, String idField, String id) {
        if (type != null && id == null) {
            throw new InvalidEventException(typeField + " is " + type + " but " + idField + " is missing");
        }
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
        Texts.problem(value).ifPresent(problem -> {
            throw new InvalidEventException(field + " " + problem + " (PostgreSQL text cannot hold it)");
        });
        return value;
    }

    static Instant time(String field, Instant value) {
        if (value == null) {
            throw new InvalidEventException(field + " is missing");
        }
        return optionalTime(field, value);
    }

    static Instant optionalTime(String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || !value.isBefore(LATEST))) {
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

    static int basisPoints(String field, int value) {
        if (value < 0 || value > MAX_BASIS_POINTS) {
            throw new InvalidEventException(field + " must be 0 to " + MAX_BASIS_POINTS + ", got " + value);
        }
        return value;
    }

    static String currency(String value) {
        if (value != null && !CURRENCY.matcher(value).matches()) {
            throw new InvalidEventException("currency '" + value + "' is not an ISO 4217 code (three capitals)");
        }
        return value;
    }

    /**
     * The exposure key must be the one of the coverage's own experiment, phase and unit ({@link ExposureKey}):
     * reporting counts the first exposure per key, so a key that names another unit would silently miscount. The unit
     * type is compared only when known (a newer symbol reads as unknown but is still spelled out in the key).
     */
    static String exposureKey(String value, String experimentId, int phase, String unitType, String unitId) {
        if (value == null) {
            return null;
        }
        optional("exposureKey", value, MAX_TEXT_LENGTH);
        ExposureKey key;
        try {
            key = ExposureKey.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("exposureKey '" + value + "' is not experimentId/phase/unitType/unitId");
        }
        if (!key.experimentId().equals(experimentId) || key.phase() != phase || !key.unitId().equals(unitId)
                || (unitType != null && !key.unitType().equals(unitType))) {
            throw new InvalidEventException("exposureKey '" + value + "' does not match the coverage's experiment "
                    + experimentId + ", phase " + phase + ", unit " + unitType + " " + unitId);
        }
        return value;
    }
}
