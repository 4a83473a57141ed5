package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Activity;
import dev.ep.reporting.attribution.Coverage;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.UnitInput;

/** One unit input on the repartition topic (key = unit key): exactly one of the three is set. */
record UnitMessage(Coverage coverage, Activity activity, Decision decision) {

    static UnitMessage of(UnitInput input) {
        if (input instanceof Coverage c) {
            return new UnitMessage(c, null, null);
        }
        if (input instanceof Activity a) {
            return new UnitMessage(null, a, null);
        }
        return new UnitMessage(null, null, (Decision) input);
    }

    UnitInput input() {
        return coverage != null ? coverage : activity != null ? activity : decision;
    }
}
