package dev.ep.config.view;

import dev.ep.config.holdout.Holdout;

/** The platform holdout: units kept out of every experiment. */
public record HoldoutView(int basisPoints, double percent, String salt, long version) {

    public static HoldoutView of(Holdout h, long version) {
        return new HoldoutView(h.basisPoints(), h.basisPoints() / 100.0, h.salt(), version);
    }
}
