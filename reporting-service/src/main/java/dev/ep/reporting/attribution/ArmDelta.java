package dev.ep.reporting.attribution;

import java.util.Map;

/**
 * A change of one arm's aggregates caused by one unit: its previous contribution to take away (null if none), its
 * new one to add (null if none), and assignments to count. The aggregate applies it with an adder and a subtractor,
 * so a unit's later order updates its contribution exactly.
 *
 * @param time the server time of the input that caused the change (freshness)
 */
public record ArmDelta(ArmKey arm, Map<String, UnitValue> minus, Map<String, UnitValue> plus, int assigned,
                       long time, long configVersion) {

    public ArmDelta {
        minus = minus == null ? null : Map.copyOf(minus);
        plus = plus == null ? null : Map.copyOf(plus);
    }

    /** +1 or -1 exposed unit, or 0 when the unit's contribution only changed. */
    public int exposed() {
        return (plus == null ? 0 : 1) - (minus == null ? 0 : 1);
    }
}
