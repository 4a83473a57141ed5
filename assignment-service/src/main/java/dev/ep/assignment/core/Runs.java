package dev.ep.assignment.core;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * A dense table over {@code [0, size)} (a layer's bucket → owning experiment, an experiment's slot → treatment)
 * kept as its runs of equal values. A layer of 10 experiments is 10 runs instead of a 20,000-byte
 * {@code short[10000]}, so with 100 layers and 1,000 experiments the tables a request touches stay in the CPU cache
 * instead of 12 MB of mostly cold arrays.
 *
 * <p>A lookup is one array read in the common case, not a binary search (whose branches a random position
 * mispredicts about every other step): the positions are cut into at most {@value #CELLS_PER_RUN} × runs cells of
 * 2<sup>shift</sup> positions, each cell records the run its first position lies in, and the lookup steps forward
 * over the run starts that fall inside the cell (none in most cells: the cells outnumber the runs). Everything lives
 * in one {@code int[]} ({@code cells | run starts, then a sentinel | values}), so a lookup touches one small array.
 * Size: at most {@code 6 × runs + 1} ints. Immutable.
 */
final class Runs {

    /** Cells per run, at most: more cells make a step forward rarer, fewer keep the table smaller. */
    static final int CELLS_PER_RUN = 4;

    /** {@code cells (cellCount) | starts (runs, then Integer.MAX_VALUE) | values (runs)}. */
    private final int[] table;
    private final int shift;
    private final int startsAt;
    private final int valuesAt;
    private final int runs;
    private final int size;

    private Runs(int[] table, int shift, int cellCount, int runs, int size) {
        this.table = table;
        this.shift = shift;
        this.startsAt = cellCount;
        this.valuesAt = cellCount + runs + 1;
        this.runs = runs;
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
        int shift = 0;
        while (((length - 1) >>> shift) + 1 > CELLS_PER_RUN * runs) {
            shift++;
        }
        int cellCount = ((length - 1) >>> shift) + 1;
        int[] table = new int[cellCount + 2 * runs + 1];
        int startsAt = cellCount;
        int valuesAt = cellCount + runs + 1;
        table[valuesAt] = dense.applyAsInt(0);
        int r = 0;
        for (int i = 1; i < length; i++) {
            int value = dense.applyAsInt(i);
            if (value != table[valuesAt + r]) {
                r++;
                table[startsAt + r] = i;
                table[valuesAt + r] = value;
            }
        }
        table[startsAt + runs] = Integer.MAX_VALUE;
        r = 0;
        for (int c = 0; c < cellCount; c++) {
            int first = c << shift;
            while (table[startsAt + r + 1] <= first) {
                r++;
            }
            table[c] = r;
        }
        return new Runs(table, shift, cellCount, runs, length);
    }

    /** The value at {@code position}, which must be in {@code [0, size)}. */
    int at(int position) {
        int[] t = table;
        int r = t[position >>> shift];
        int s = startsAt + 1;
        while (t[s + r] <= position) {
            r++;
        }
        return t[valuesAt + r];
    }

    int size() {
        return size;
    }

    int runs() {
        return runs;
    }

    /** The cells the positions are cut into (at most {@value #CELLS_PER_RUN} × runs). */
    int cells() {
        return startsAt;
    }

    @Override
    public String toString() {
        return "Runs[size=" + size + ", shift=" + shift + ", starts="
                + Arrays.toString(Arrays.copyOfRange(table, startsAt, startsAt + runs)) + ", values="
                + Arrays.toString(Arrays.copyOfRange(table, valuesAt, valuesAt + runs)) + "]";
    }
}
