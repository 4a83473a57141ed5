package dev.ep.simulator.model;

/**
 * A planted effect: for sessions exposed to {@code treatment} (the page rendered it), the probability of the
 * transition {@code from → to} is multiplied by {@code multiplier} (1.05 = +5% relative), and the other
 * transitions out of {@code from} are scaled so the probabilities still sum to 1.
 */
public record Effect(String treatment, String from, String to, double multiplier) {

    public Effect {
        Names.require("effect treatment", treatment);
        Names.require("effect from", from);
        Names.require("effect to", to);
        if (!(multiplier > 0) || multiplier > 100) {
            throw new ModelException("effect " + treatment + " " + from + "->" + to + ": multiplier must be in (0, 100], got "
                    + multiplier);
        }
    }
}
