package dev.ep.assignment.core;

import static dev.ep.assignment.core.Experiments.compile;
import static dev.ep.assignment.core.Experiments.experiment;
import static dev.ep.assignment.core.Experiments.put;
import static dev.ep.assignment.core.Experiments.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.ep.assignment.hashing.HashSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The invariants of layered assignment. Statistical tests run on fixed, seeded id sets (a fixed data set either
 * passes or fails, never flakes) at α = 0.001; invariants are checked on QuickTheories-generated inputs.
 */
class AssignmentPropertiesTest {

    private static final int BUCKETS = 10_000;

    @Test
    void shouldMatchTheTabulatedChiSquaredCriticalValuesWhenApproximated() {
        // NIST/SEMATECH e-Handbook 1.3.6.7.4, upper-tail α = 0.001
        // (the approximation improves with k; the tests below use k ≥ 99)
        assertThat(ChiSquared.criticalValue(100, ChiSquared.Z_0_001)).isCloseTo(149.449, within(149.449 * 0.001));
        assertThat(ChiSquared.criticalValue(80, ChiSquared.Z_0_001)).isCloseTo(124.839, within(124.839 * 0.002));
    }

    @Test
    void shouldSpreadUnitsUniformlyOverLayerBucketsWhenHashingManyIds() {
        // given: 500,000 ids of two shapes (sequential and random UUIDs), 50 expected per bucket
        for (List<String> ids : List.of(sequentialIds(500_000), uuids(500_000, 42))) {
            long[] counts = new long[BUCKETS];
            for (String id : ids) {
                counts[HashSpace.BUCKET.scaled("checkout", id, BUCKETS)]++;
            }

            // then: χ² with 9,999 degrees of freedom below the α = 0.001 critical value (≈ 10,535)
            double critical = ChiSquared.criticalValue(BUCKETS - 1, ChiSquared.Z_0_001);
            assertThat(ChiSquared.uniform(counts)).isLessThan(critical);
        }
    }

    @Test
    void shouldSpreadUnitsUniformlyOverSlotsAndTreatmentsWhenSaltsDiffer() {
        for (HashSpace space : HashSpace.values()) {
            for (String salt : List.of("exp-a", "exp-a-2", "holdout")) {
                long[] counts = new long[100];
                for (String id : uuids(200_000, salt.hashCode())) {
                    counts[space.scaled(salt, id, 100)]++;
                }
                assertThat(ChiSquared.uniform(counts)).as("%s %s", space, salt)
                        .isLessThan(ChiSquared.criticalValue(99, ChiSquared.Z_0_001));
            }
        }
    }

    @Test
    void shouldBucketIndependentlyAcrossLayersWhenTheSameUnitIsHashedWithDifferentLayerIds() {
        // given: a 20 × 20 table of (bucket decile-of-layer-A × bucket band-of-layer-B) over 400,000 sessions
        long[][] table = new long[20][20];
        for (String id : uuids(400_000, 7)) {
            int a = HashSpace.BUCKET.scaled("checkout", id, BUCKETS) * 20 / BUCKETS;
            int b = HashSpace.BUCKET.scaled("search", id, BUCKETS) * 20 / BUCKETS;
            table[a][b]++;
        }

        // then: no dependence at α = 0.001, 361 degrees of freedom
        assertThat(ChiSquared.independence(table)).isLessThan(ChiSquared.criticalValue(19 * 19, ChiSquared.Z_0_001));
    }

    @Test
    void shouldAssignTreatmentsIndependentlyAcrossLayersWhenExperimentsRunInBoth() {
        // given: two layers, each fully owned by a three-way experiment
        CompiledConfig config = compile(
                put(1, experiment("a", "layer-a").buckets(0, BUCKETS).weights("x", 3_334, "y", 3_333, "z", 3_333).build()),
                put(2, experiment("b", "layer-b").buckets(0, BUCKETS).weights("p", 5_000, "q", 2_500, "r", 2_500).build()));
        Map<String, Integer> rowOf = Map.of("x", 0, "y", 1, "z", 2, "p", 0, "q", 1, "r", 2);
        long[][] table = new long[3][3];

        // when
        for (String id : uuids(150_000, 11)) {
            List<LayerOutcome.Assigned> assigned = config.assign(session(id)).assigned();
            table[rowOf.get(assigned.get(0).treatment().name())][rowOf.get(assigned.get(1).treatment().name())]++;
        }

        // then: 4 degrees of freedom, χ²(4, 0.001) = 18.467 (NIST table)
        assertThat(ChiSquared.independence(table)).isLessThan(18.467);
    }

    @Test
    void shouldAssignAtMostOneExperimentPerLayerAndOnlyItsOwnerWhenBucketsAreSplit() {
        qt().withExamples(200)
                .forAll(lists().of(integers().between(1, 3_000)).ofSizeBetween(1, 8), strings().ascii().ofLengthBetween(1, 40))
                .checkAssert((sizes, unit) -> {
                    // given: experiments claiming consecutive ranges of one layer, plus one in another layer
                    List<ConfigChange> changes = new ArrayList<>();
                    int start = 0;
                    for (int i = 0; i < sizes.size() && start < BUCKETS; i++) {
                        int end = Math.min(BUCKETS, start + sizes.get(i));
                        changes.add(put(i + 1, experiment("e" + i, "l").buckets(start, end).build()));
                        start = end;
                    }
                    changes.add(put(100, experiment("other", "m").buckets(0, BUCKETS).build()));
                    CompiledConfig config = compile(changes.toArray(ConfigChange[]::new));

                    // when
                    List<LayerOutcome.Assigned> assigned = config.assign(session(unit)).assigned();

                    // then
                    assertThat(assigned.stream().filter(a -> a.layerId().equals("l")).count()).isLessThanOrEqualTo(1);
                    assigned.stream().filter(a -> a.layerId().equals("l")).forEach(a -> assertThat(
                            config.layers().get(0).ownerOf(HashSpace.BUCKET.scaled("l", unit, BUCKETS)).id())
                            .isEqualTo(a.experimentId()));
                    assertThat(assigned).anyMatch(a -> a.experimentId().equals("other"));
                });
    }

    @Test
    void shouldNeverChangeAnAssignedUnitsExperimentOrTreatmentWhenRampingUp() {
        qt().withExamples(100)
                .forAll(integers().between(1, 5_000), integers().between(0, 5_000), integers().between(0, 10_000))
                .checkAssert((initial, more, otherStart) -> {
                    // given: an experiment at `initial` buckets, ramped by `more` buckets claimed elsewhere
                    ExperimentDefinition before = experiment("e", "l").buckets(0, initial).build();
                    ExperimentDefinition after = experiment("e", "l").version(2).buckets(0, initial)
                            .buckets(BUCKETS - more, BUCKETS).build();
                    CompiledConfig a = compile(put(1, before));
                    CompiledConfig b = compile(put(2, after));

                    // then: everyone assigned before keeps experiment and treatment
                    for (String id : sequentialIds(2_000)) {
                        List<LayerOutcome.Assigned> was = a.assign(session(id + otherStart)).assigned();
                        List<LayerOutcome.Assigned> now = b.assign(session(id + otherStart)).assigned();
                        if (!was.isEmpty()) {
                            assertThat(now).hasSize(1);
                            assertThat(now.get(0).experimentId()).isEqualTo(was.get(0).experimentId());
                            assertThat(now.get(0).treatment()).isEqualTo(was.get(0).treatment());
                        }
                    }
                });
    }

    @Test
    void shouldMoveOnlyTheUnitsOfTheChangedSlotsWhenAWeightChanges() {
        qt().withExamples(50).forAll(integers().between(1, 4_999)).checkAssert(moved -> {
            // given: 50/50, then `moved` slots handed from control to treatment (minimal movement, a new phase)
            CompiledConfig before = compile(put(1, experiment("e", "l").buckets(0, BUCKETS).build()));
            CompiledConfig after = compile(put(2, experiment("e", "l").version(2).phase(2).buckets(0, BUCKETS)
                    .weights("control", 5_000 - moved, "treatment", 5_000 + moved)
                    .slots(new SlotRange(0, 5_000 - moved, "control"), new SlotRange(5_000 - moved, 10_000, "treatment"))
                    .build()));

            // when
            int changed = 0;
            List<String> ids = sequentialIds(20_000);
            for (String id : ids) {
                LayerOutcome.Assigned was = before.assign(session(id)).assigned().get(0);
                LayerOutcome.Assigned now = after.assign(session(id)).assigned().get(0);
                boolean inChangedSlots = was.slot() >= 5_000 - moved && was.slot() < 5_000;
                // then: exactly the units of the changed slots switch, all to the treatment
                assertThat(now.slot()).isEqualTo(was.slot());
                assertThat(!now.treatment().equals(was.treatment())).isEqualTo(inChangedSlots);
                if (inChangedSlots) {
                    changed++;
                    assertThat(now.treatment().name()).isEqualTo("treatment");
                }
            }
            // and their share is the intended fraction (binomial, ±6 standard deviations)
            double p = moved / 10_000.0;
            double sd = Math.sqrt(ids.size() * p * (1 - p));
            assertThat((double) changed).isCloseTo(ids.size() * p, within(6 * sd + 1));
        });
    }

    @Test
    void shouldGiveIdenticalResultsWhenTheSameRecordsAreReappliedAfterARestart() {
        qt().withExamples(50).forAll(integers().between(1, 10), integers().between(0, 1_000)).checkAssert((n, seed) -> {
            // given: the same record stream, the second time with duplicates re-delivered (as after a restart)
            List<ConfigChange> records = randomConfig(n, seed);
            ConfigLog first = new ConfigLog();
            records.forEach(first::apply);
            ConfigLog second = new ConfigLog();
            for (ConfigChange c : records) {
                second.apply(c);
                second.apply(c);
            }
            CompiledConfig a = first.compile();
            CompiledConfig b = second.compile();

            // then
            assertThat(b.version()).isEqualTo(a.version());
            for (String id : uuids(500, seed)) {
                AssignmentRequest request = new AssignmentRequest(id, "u" + id.hashCode() % 100, "home",
                        Map.of("country", id.charAt(0) < '8' ? "DE" : "FR"));
                assertThat(b.assign(request)).isEqualTo(a.assign(request));
                assertThat(a.explain(request).assignment()).isEqualTo(a.assign(request));
            }
        });
    }

    /**
     * n experiments over up to 3 layers (SESSION, USER, and one of either), targeting, statuses, a holdout of either
     * unit type; one experiment in eight has the other unit type than its layer (inconsistent input, assigns nothing).
     */
    private static List<ConfigChange> randomConfig(int n, int seed) {
        Random random = new Random(seed);
        Map<String, Integer> nextBucket = new HashMap<>();
        List<ConfigChange> changes = new ArrayList<>();
        long sequence = 1;
        UnitType[] layerUnits = {UnitType.SESSION, UnitType.USER, random.nextBoolean() ? UnitType.USER : UnitType.SESSION};
        for (int l = 0; l < layerUnits.length; l++) {
            changes.add(Experiments.layer(sequence++, "layer-" + l, layerUnits[l]));
        }
        changes.add(Experiments.holdout(sequence++, random.nextInt(2_000),
                random.nextBoolean() ? UnitType.USER : UnitType.SESSION));
        for (int i = 0; i < n; i++) {
            int l = random.nextInt(3);
            String layer = "layer-" + l;
            int start = nextBucket.getOrDefault(layer, 0);
            int end = Math.min(BUCKETS, start + 1 + random.nextInt(5_000));
            nextBucket.put(layer, end);
            UnitType unit = random.nextInt(8) == 0 ? other(layerUnits[l]) : layerUnits[l];
            Experiments.Builder e = experiment("exp-" + i, layer).buckets(start, end).unit(unit)
                    .status(random.nextInt(5) == 0 ? Status.PAUSED : Status.RUNNING);
            if (random.nextBoolean()) {
                e.targeting("{\"pages\":[\"home\"],\"rule\":{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}}");
            }
            changes.add(put(sequence++, e.build()));
        }
        return changes;
    }

    static UnitType other(UnitType type) {
        return type == UnitType.USER ? UnitType.SESSION : UnitType.USER;
    }

    static List<String> sequentialIds(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("session-" + i);
        }
        return ids;
    }

    static List<String> uuids(int n, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        return ids;
    }
}
