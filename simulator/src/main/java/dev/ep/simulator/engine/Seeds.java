package dev.ep.simulator.engine;

import java.util.SplittableRandom;

/**
 * One random stream per session, derived from (seed, session index) alone, so the order in which concurrent
 * workers run sessions never changes what a session does.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    public static SplittableRandom session(long seed, long index) {
        return new SplittableRandom(mix64(mix64(seed) + GOLDEN * (index + 1)));
    }

    /** The stream of arrival times (one per run). */
    public static SplittableRandom arrivals(long seed) {
        return new SplittableRandom(mix64(seed ^ 0x5DEECE66DL));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, as in SplittableRandom itself. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
