package dev.ep.simulator.model;

/** The platform-wide holdout the run sets: {@code percent} of {@code unit}s get nothing from that unit's layers. */
public record HoldoutSpec(double percent, Unit unit) {

    public static final HoldoutSpec NONE = new HoldoutSpec(0, Unit.SESSION);

    public HoldoutSpec {
        if (!(percent >= 0) || percent > 50) {
            throw new ModelException("holdout.percent: in [0, 50], got " + percent);
        }
        unit = unit == null ? Unit.SESSION : unit;
    }

    public int basisPoints() {
        return (int) Math.round(percent * 100);
    }
}
