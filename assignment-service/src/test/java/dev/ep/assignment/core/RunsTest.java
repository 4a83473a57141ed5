package dev.ep.assignment.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RunsTest {

    @Test
    void shouldAnswerEveryPositionAsTheDenseTableWhenRunsAreRandom() {
        Random random = new Random(13);
        for (int table = 0; table < 200; table++) {
            short[] dense = new short[1 + random.nextInt(3_000)];
            short value = (short) (random.nextInt(5) - 1);
            for (int i = 0; i < dense.length; i++) {
                if (random.nextInt(table % 2 == 0 ? 4 : 400) == 0) {
                    value = (short) (random.nextInt(5) - 1);
                }
                dense[i] = value;
            }

            Runs runs = Runs.of(dense);

            assertThat(runs.size()).isEqualTo(dense.length);
            for (int i = 0; i < dense.length; i++) {
                assertThat(runs.at(i)).as("table %d position %d", table, i).isEqualTo(dense[i]);
            }
        }
    }

    @Test
    void shouldAnswerEveryPositionWhenManyRunsCrowdIntoOneCell() {
        // given: one long run, then 60 runs of one position each at the end (all inside the last cell)
        short[] dense = new short[100_000];
        for (int i = 0; i < 60; i++) {
            dense[dense.length - 60 + i] = (short) (i % 2 == 0 ? 5 : -1);
        }

        // when
        Runs runs = Runs.of(dense);

        // then
        assertThat(runs.runs()).isEqualTo(61);
        assertThat(runs.cells()).isLessThanOrEqualTo(Runs.CELLS_PER_RUN * runs.runs());
        for (int i = 0; i < dense.length; i++) {
            assertThat(runs.at(i)).as("position %d", i).isEqualTo(dense[i]);
        }
    }

    @Test
    void shouldKeepAtMostFourCellsPerRunWhateverTheSize() {
        Random random = new Random(7);
        for (int table = 0; table < 200; table++) {
            // given: sizes from 1 to 1,000,000 with 1 to 40 runs (a layer's bucket table, a slot table)
            int size = 1 + random.nextInt(table % 2 == 0 ? 20 : 1_000_000);
            byte[] dense = new byte[size];
            int changes = random.nextInt(40);
            for (int c = 0; c < changes; c++) {
                java.util.Arrays.fill(dense, random.nextInt(size), size, (byte) random.nextInt(100));
            }

            // when
            Runs runs = Runs.of(dense);

            // then
            assertThat(runs.cells()).isBetween(1, Runs.CELLS_PER_RUN * runs.runs());
            for (int k = 0; k < 2_000; k++) {
                int i = k < 2 ? (k == 0 ? 0 : size - 1) : random.nextInt(size);
                assertThat(runs.at(i)).as("table %d position %d", table, i).isEqualTo(dense[i]);
            }
        }
    }

    @Test
    void shouldKeepOneRunPerChangeOfValue() {
        byte[] slots = new byte[10_000];
        java.util.Arrays.fill(slots, 3_334, 6_667, (byte) 1);
        java.util.Arrays.fill(slots, 6_667, 10_000, (byte) 2);

        Runs runs = Runs.of(slots);

        assertThat(runs.runs()).isEqualTo(3);
        assertThat(runs.at(0)).isZero();
        assertThat(runs.at(3_333)).isZero();
        assertThat(runs.at(3_334)).isEqualTo(1);
        assertThat(runs.at(6_666)).isEqualTo(1);
        assertThat(runs.at(6_667)).isEqualTo(2);
        assertThat(runs.at(9_999)).isEqualTo(2);
    }

    @Test
    void shouldKeepASingleValueAndNegativeValues() {
        assertThat(Runs.of(new short[] {-1}).at(0)).isEqualTo(-1);
        assertThat(Runs.of(new short[] {-1, -1, 7, -1}).at(2)).isEqualTo(7);
        assertThat(Runs.of(new short[] {-1, -1, 7, -1}).at(3)).isEqualTo(-1);
        assertThatThrownBy(() -> Runs.of(new short[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
