package dev.ep.config.view;

import dev.ep.config.holdout.Holdout;

/**
 * The platform holdout: units of {@code unit} ({@code session} or {@code user}) kept out of every experiment in the
 * layers of that unit.
 */
public record HoldoutView(int basisPoints, double percent, String unit, String salt, long version) {

    public static HoldoutView of(Holdout h, long version) {
        return new HoldoutView(h.basisPoints(), h.basisPoints() / 100.0, h.unit().text(), h.salt(), version);
    }
}
