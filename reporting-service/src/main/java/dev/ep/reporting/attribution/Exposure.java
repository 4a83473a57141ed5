package dev.ep.reporting.attribution;

import java.util.Map;

/**
 * A unit's first exposure to one experiment, as attribution keeps it.
 *
 * @param excluded forced by a QA override or held out: never in the statistics
 * @param closed the window and grace have passed: the contribution is final and no longer kept
 * @param emitted the contribution last sent to the aggregates (per metric), null when none is counted
 */
public record Exposure(String experimentId, int phase, String treatment, Integer slot, long time,
                       long configVersion, boolean excluded, boolean closed, Map<String, UnitValue> emitted) {

    public Exposure {
        emitted = emitted == null ? null : Map.copyOf(emitted);
    }

    static Exposure of(Coverage coverage, boolean excluded) {
        return new Exposure(coverage.experimentId(), coverage.phase(), coverage.treatment(), coverage.slot(),
                coverage.time(), coverage.configVersion(), excluded, false, null);
    }

    ArmKey arm() {
        return new ArmKey(experimentId, phase, treatment);
    }

    Exposure withEmitted(Map<String, UnitValue> values) {
        return new Exposure(experimentId, phase, treatment, slot, time, configVersion, excluded, closed, values);
    }

    Exposure exclude() {
        return new Exposure(experimentId, phase, treatment, slot, time, configVersion, true, closed, emitted);
    }

    Exposure close() {
        return new Exposure(experimentId, phase, treatment, slot, time, configVersion, excluded, true, null);
    }
}
