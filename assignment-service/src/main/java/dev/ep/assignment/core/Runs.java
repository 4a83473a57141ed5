package dev.ep.assignment.core;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * A dense table over {@code [0, size)} (a layer's bucket → owning experiment, an experiment's slot → treatment)
 * kept as its runs of equal values: a lookup is a binary search over the run starts. A layer of 10 experiments is 10
 * runs (80 bytes) instead of a 20,000-byte {@code short[10000]}, so with 100 layers and 1,000 experiments the tables
 * a request touches stay in the CPU cache instead of 12 MB of mostly cold arrays. Immutable.
 */
final class Runs {

    private final int[] starts;
    private final int[] values;
    private final int size;

    private Runs(int[] starts, int[] values, int size) {
        this.starts = starts;
        this.values = values;
        this.size = size;
    }

    /** The runs of {@code dense} (not kept). */
    static Runs of(short[] dense) {
        return of(dense.length, i -> dense[i]);
    }

    /** The runs of {@code dense} (not kept). */
    static Runs of(byte[] dense) {
        return of(dense.length, i -> dense[i]);
    }

    /** Built without a copy of the dense table: compiling a snapshot allocates only the runs. */
    private static Runs of(int length, IntUnaryOperator dense) {
        if (length == 0) {
            throw new IllegalArgumentException("a table has at least one position");
        }
        int runs = 1;
        for (int i = 1; i < length; i++) {
            if (dense.applyAsInt(i) != dense.applyAsInt(i - 1)) {
                runs++;
            }
        }
        int[] starts = new int[runs];
        int[] values = new int[runs];
        values[0] = dense.applyAsInt(0);
        int r = 0;
        for (int i = 1; i < length; i++) {
            int value = dense.applyAsInt(i);
            if (value != values[r]) {
                r++;
                starts[r] = i;
                values[r] = value;
            }
        }
        return new Runs(starts, values, length);
    }

    /** The value at {@code position}, which must be in {@code [0, size)}. */
    int at(int position) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= position) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return values[lo];
    }

    int size() {
        return size;
    }

    int runs() {
        return starts.length;
    }

    @Override
    public String toString() {
        return "Runs[size=" + size + ", starts=" + Arrays.toString(starts) + ", values=" + Arrays.toString(values) + "]";
    }
}
