package dev.ep.reporting.stream;

/**
 * What the decoding step emits: a unit's input (key = unit key), or the raw bytes of a poison record for the
 * dead-letter topic (its headers say why).
 *
 * @param sessionUnit the input is a SESSION unit's and this task holds the session ({@link SessionPlacement}): it is
 *                    attributed here, without the repartition
 */
record Outbound(UnitMessage unit, boolean sessionUnit, byte[] rawKey, byte[] rawValue) {

    static Outbound input(UnitMessage unit, boolean sessionUnit) {
        return new Outbound(unit, sessionUnit, null, null);
    }

    static Outbound poison(byte[] rawKey, byte[] rawValue) {
        return new Outbound(null, false, rawKey, rawValue);
    }

    boolean poison() {
        return unit == null;
    }
}
