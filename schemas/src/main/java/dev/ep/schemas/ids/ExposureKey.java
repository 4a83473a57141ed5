package dev.ep.schemas.ids;

/**
 * The deterministic identity of an exposure: {@code experimentId/phase/unitType/unitId}. Experiment ids are slugs
 * (no '/'), the phase is a decimal number and the unit type a fixed word, so the first three '/' split the key
 * unambiguously even when the unit id contains '/'. Every coverage event of one unit in one phase of one experiment
 * carries the same key: reporting counts the first per key (by server time) and ignores the rest, so a client retry
 * is never a second exposure.
 */
public record ExposureKey(String experimentId, int phase, String unitType, String unitId) {

    public ExposureKey {
        if (experimentId == null || experimentId.isEmpty() || experimentId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("experiment id must be non-empty without '/': " + experimentId);
        }
        if (phase < 0) {
            throw new IllegalArgumentException("phase must not be negative: " + phase);
        }
        if (unitType == null || unitType.isEmpty() || unitType.indexOf('/') >= 0) {
            throw new IllegalArgumentException("unit type must be non-empty without '/': " + unitType);
        }
        if (unitId == null || unitId.isEmpty()) {
            throw new IllegalArgumentException("unit id must not be empty");
        }
    }

    /** The key as text, as carried in {@code CoverageEvent.exposureKey}. */
    public String text() {
        return experimentId + '/' + phase + '/' + unitType + '/' + unitId;
    }

    /** Parses {@link #text()}; the inverse of it. */
    public static ExposureKey parse(String text) {
        int a = text.indexOf('/');
        int b = a < 0 ? -1 : text.indexOf('/', a + 1);
        int c = b < 0 ? -1 : text.indexOf('/', b + 1);
        if (c < 0) {
            throw new IllegalArgumentException("not an exposure key: " + text);
        }
        int phase;
        try {
            phase = Integer.parseInt(text.substring(a + 1, b));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an exposure key (phase): " + text, e);
        }
        return new ExposureKey(text.substring(0, a), phase, text.substring(b + 1, c), text.substring(c + 1));
    }

    @Override
    public String toString() {
        return text();
    }
}
