package dev.ep.simulator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One page of the shop as a state of the session machine: how long a visitor stays ({@code dwell}) and where it goes
 * next ({@code next}: state name → probability, summing to 1; the reserved state {@code exit} ends the session).
 */
public record StateSpec(Dwell dwell, Map<String, Double> next) {

    public StateSpec {
        if (dwell == null) {
            throw new ModelException("dwell is required");
        }
        if (next == null || next.isEmpty()) {
            throw new ModelException("next: at least one transition is required");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : next.entrySet()) {
            Double p = e.getValue();
            if (p == null || !(p >= 0) || p > 1) {
                throw new ModelException("next." + e.getKey() + ": a probability in [0, 1] is required, got " + p);
            }
            sum += p;
        }
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new ModelException("next: probabilities must sum to 1, got " + sum);
        }
        next = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(next));
    }
}
