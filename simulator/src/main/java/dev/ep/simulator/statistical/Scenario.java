package dev.ep.simulator.statistical;

import java.util.List;
import java.util.Objects;

/**
 * The arms of one simulated experiment and their configured weights. The first arm is the control. The A/A runs
 * rotate over {@link #ROTATION}: two and three arms, equal and unequal weights.
 *
 * @param name a label for the report
 * @param arms the arms, control first; weights in basis points summing to 10000
 */
record Scenario(String name, List<Arm> arms) {

    /** One arm: its treatment key and configured weight. */
    record Arm(String treatment, int basisPoints) {

        Arm {
            Objects.requireNonNull(treatment, "treatment");
            if (basisPoints <= 0 || basisPoints > 10_000) {
                throw new IllegalArgumentException("a weight is 1 to 10000 basis points: " + basisPoints);
            }
        }
    }

    static final List<Scenario> ROTATION = List.of(
            new Scenario("2 arms 50/50", List.of(new Arm("control", 5000), new Arm("treatment", 5000))),
            new Scenario("2 arms 20/80", List.of(new Arm("control", 2000), new Arm("treatment", 8000))),
            new Scenario("3 arms 34/33/33", List.of(new Arm("control", 3400), new Arm("blue", 3300),
                    new Arm("green", 3300))),
            new Scenario("3 arms 50/30/20", List.of(new Arm("control", 5000), new Arm("blue", 3000),
                    new Arm("green", 2000))));

    Scenario {
        Objects.requireNonNull(name, "name");
        arms = List.copyOf(arms);
        if (arms.size() < 2) {
            throw new IllegalArgumentException("a scenario has at least 2 arms");
        }
        if (arms.stream().mapToInt(Arm::basisPoints).sum() != 10_000) {
            throw new IllegalArgumentException("weights must sum to 10000 basis points: " + arms);
        }
    }

    String control() {
        return arms.get(0).treatment();
    }

    /** The treatment whose comparison with the control is counted: one comparison per run keeps runs independent. */
    String checkedTreatment() {
        return arms.get(arms.size() - 1).treatment();
    }

    /** The scenario of run {@code index}. */
    static Scenario forRun(int index) {
        return ROTATION.get(Math.floorMod(index, ROTATION.size()));
    }
}
