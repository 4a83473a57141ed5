package dev.ep.config.experiment;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * QA overrides: unit id → treatment name; forced assignments are flagged and excluded from analysis
 * (where in its decision order the assignment service applies them is its business). Sorted by unit
 * id so equal overrides are equal records.
 */
public record Overrides(Map<String, String> byUnit) {

    public static final int MAX = 1_000;
    public static final int MAX_UNIT_ID = 128;
    public static final Overrides NONE = new Overrides(Map.of());

    public Overrides {
        if (byUnit == null) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "overrides: must be an object");
        }
        if (byUnit.size() > MAX) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "overrides: at most " + MAX + " allowed, got " + byUnit.size());
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : byUnit.entrySet()) {
            String unit = e.getKey();
            if (unit == null || unit.isEmpty() || unit.length() > MAX_UNIT_ID || !printable(unit)) {
                throw new ConfigException(ErrorCode.INVALID_FIELD, "overrides: unit id '" + unit
                        + "' must be 1-" + MAX_UNIT_ID + " printable ASCII characters without spaces");
            }
            if (e.getValue() == null) {
                throw new ConfigException(ErrorCode.INVALID_FIELD, "overrides." + unit + ": treatment is required");
            }
            sorted.put(unit, e.getValue());
        }
        byUnit = Collections.unmodifiableMap(sorted);
    }

    /** Fails when an override names a treatment the experiment does not have. */
    void checkAgainst(Treatments treatments) {
        for (Map.Entry<String, String> e : byUnit.entrySet()) {
            if (treatments.indexOf(e.getValue()) < 0) {
                throw new ConfigException(ErrorCode.UNKNOWN_TREATMENT, "overrides." + e.getKey() + ": treatment '"
                        + e.getValue() + "' does not exist (treatments: " + String.join(", ", treatments.names()) + ")");
            }
        }
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
