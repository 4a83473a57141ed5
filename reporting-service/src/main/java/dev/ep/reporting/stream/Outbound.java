package dev.ep.reporting.stream;

/**
 * What the decoding step emits: a unit's input (key = unit key), or the raw bytes of a poison record for the
 * dead-letter topic (its headers say why).
 */
record Outbound(UnitMessage unit, byte[] rawKey, byte[] rawValue) {

    boolean poison() {
        return unit == null;
    }
}
