package dev.ep.simulator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration change the run makes while its traffic flows, through config-service's public API, as an
 * experiment owner would: new weights ({@code PUT /v1/experiments/{id}/weights}, which opens the next phase) or a
 * ramp to another traffic share ({@code POST /v1/experiments/{id}/ramp}, which stays in the phase).
 *
 * @param at         when, as a fraction of the run's visitor sessions in (0, 1): the change is made just before
 *                   session number ⌈at × sessions⌉ starts (in real-time mode sessions start at their arrival times,
 *                   so this is also that point of the simulated day)
 * @param experiment the model id of the experiment
 * @param weights    treatment → percent (summing to 100, every treatment named), or null for a ramp
 * @param ramp       the new traffic in percent of the layer, or null for a weight change
 * @param reason     the reason config-service records (defaults to one naming the run)
 */
public record ChangeSpec(double at, String experiment, Map<String, Double> weights, Double ramp, String reason) {

    public ChangeSpec {
        Names.require("changes[].experiment", experiment);
        if (!(at > 0) || !(at < 1)) {
            throw new ModelException("changes[] of " + experiment + ": at must be a fraction in (0, 1), got " + at);
        }
        if ((weights == null) == (ramp == null)) {
            throw new ModelException("changes[] of " + experiment + " at " + at
                    + ": give exactly one of weights or ramp");
        }
        if (ramp != null && (!(ramp > 0) || ramp > 100)) {
            throw new ModelException("changes[] of " + experiment + ": ramp must be in (0, 100] percent, got " + ramp);
        }
        if (weights != null) {
            weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
            long bp = 0;
            for (Map.Entry<String, Double> w : weights.entrySet()) {
                if (w.getValue() == null || !(w.getValue() > 0) || w.getValue() > 100) {
                    throw new ModelException("changes[] of " + experiment + ": weight of " + w.getKey()
                            + " must be in (0, 100] percent, got " + w.getValue());
                }
                bp += Math.round(w.getValue() * 100);
            }
            if (bp != 10_000) {
                throw new ModelException("changes[] of " + experiment + ": weights must sum to 100 percent, got "
                        + bp / 100.0);
            }
        }
    }

    public boolean isRamp() {
        return ramp != null;
    }

    public int rampBasisPoints() {
        return (int) Math.round(ramp * 100);
    }

    /** The weights in basis points, in the order given. */
    public Map<String, Integer> weightsBasisPoints() {
        Map<String, Integer> out = new LinkedHashMap<>();
        weights.forEach((t, w) -> out.put(t, (int) Math.round(w * 100)));
        return out;
    }

    /** The session index before which the change is made, for a run of {@code sessions} visitor sessions. */
    public int atSession(int sessions) {
        return (int) Math.ceil(at * sessions);
    }

    public String describe() {
        return experiment + (isRamp() ? ": ramp to " + ramp + "%" : ": weights " + weights) + " at " + at;
    }
}
