package dev.ep.simulator.model;

import java.util.SplittableRandom;

/** Standard normal draws from a {@link SplittableRandom} (which has no {@code nextGaussian} on Java 17). */
final class Gaussian {

    private Gaussian() {
    }

    /** Box–Muller: two uniforms give one N(0, 1) draw (the second is dropped to keep draws per call fixed). */
    static double next(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log(0) never happens
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
