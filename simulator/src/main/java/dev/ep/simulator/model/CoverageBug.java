package dev.ep.simulator.model;

/**
 * A deliberate defect of the simulated storefront: in a share {@code underReport} of the sessions (drawn once per
 * session), {@code treatment}'s coverage is never confirmed though it renders. Its units are then under-counted as exposed, which the traffic
 * validation (and reporting's SRM check on coverage) must flag.
 */
public record CoverageBug(String treatment, double underReport) {

    public CoverageBug {
        Names.require("coverageBug treatment", treatment);
        if (!(underReport > 0) || underReport >= 1) {
            throw new ModelException("coverageBug.underReport: in (0, 1), got " + underReport);
        }
    }
}
