package dev.ep.assignment.core;

import static dev.ep.assignment.core.AssignmentPropertiesTest.uuids;
import static dev.ep.assignment.core.Experiments.compile;
import static dev.ep.assignment.core.Experiments.experiment;
import static dev.ep.assignment.core.Experiments.holdout;
import static dev.ep.assignment.core.Experiments.layer;
import static dev.ep.assignment.core.Experiments.put;
import static dev.ep.assignment.core.Experiments.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Issue 8, hash spaces: the layer bucket, the treatment slot and the holdout are independent whatever the ids are.
 * Before, they shared one space ({@code salt + ":" + unitId}), so an experiment named like its layer had slot =
 * bucket, a salt equal to another layer's id tied the two layers together and a layer named {@code holdout} was the
 * holdout. Every test here fails on that code with a χ² in the tens of thousands.
 *
 * <p>χ² tests of independence at α = 0.001 on fixed data (id sets and a fixed QuickTheories seed), so a run either
 * passes or fails, never flakes. Critical values: the NIST/SEMATECH table (e-Handbook §1.3.6.7.4) for small degrees
 * of freedom, the project's Wilson–Hilferty {@link ChiSquared#criticalValue} for 81.
 */
class HashIndependenceTest {

    private static final int BUCKETS = 10_000;
    /** χ²(1, 0.001), NIST table. */
    private static final double CRITICAL_1 = 10.828;
    /** χ²(9, 0.001), NIST table. */
    private static final double CRITICAL_9 = 27.877;
    /** χ²(81, 0.001): bucket decile × treatment (ten treatments of 1,000 slots). */
    private static final double CRITICAL_81 = ChiSquared.criticalValue(81, ChiSquared.Z_0_001);
    private static final long QT_SEED = 8L;

    /** Adversarial layer ids: purpose words, separators, a namespace that looks like an encoded prefix, huge, empty. */
    private static final List<String> LAYER_IDS = List.of("search", "holdout", "bucket", "slot", "a", "a:1", "1:a",
            ":", "", "slot:6:search", "ü:layer", "L".repeat(200));

    /** Unit id shapes: UUIDs, with ':' inside and at the ends, 200+ characters, non-ASCII. */
    private static final List<String> ID_SHAPES = List.of("uuid", "colon-prefix", "colon-suffix", "colons", "long",
            "unicode");

    @Tag("issue-8")
    @Test
    void shouldGiveBothTreatmentsInAboutEqualNumbersWhenAnExperimentIsNamedLikeItsLayer() {
        // given: the reproduction: layer "search", experiment "search" in it, 50/50, traffic 50%
        CompiledConfig config = compile(layer(1, "search"),
                put(2, experiment("search", "search").buckets(0, 5_000).build()));

        // when: 20,000 sessions on the page
        long control = 0;
        long treatment = 0;
        for (int i = 0; i < 20_000; i++) {
            for (LayerOutcome.Assigned a : config.assign(session("s-" + i)).assigned()) {
                if (a.treatment().name().equals("control")) {
                    control++;
                } else {
                    treatment++;
                }
            }
        }

        // then: about half assigned, and the two treatments in equal shares (before: every one of them got control)
        assertThat(control + treatment).isBetween(9_400L, 10_600L); // 10,000 ± 6 sd
        assertThat(control).isPositive();
        assertThat(treatment).isPositive();
        assertThat(ChiSquared.uniform(new long[] {control, treatment})).isLessThan(CRITICAL_1);
    }

    @Test
    void shouldKeepBucketAndSlotIndependentWhenIdsAreAdversarial() {
        qt().withFixedSeed(QT_SEED).withExamples(40)
                .forAll(scenarios())
                .checkAssert(s -> {
                    // given: experiment "e" owns all of layer s.layer, salted s.salt; the other layer s.other exists;
                    // ten treatments of 1,000 slots each, so the treatment is the slot decile
                    CompiledConfig config = compile(layer(1, s.layer()), layer(2, s.other()),
                            put(3, experiment("e", s.layer()).salt(s.salt()).buckets(0, BUCKETS).weights(
                                    "t0", 1_000, "t1", 1_000, "t2", 1_000, "t3", 1_000, "t4", 1_000, "t5", 1_000,
                                    "t6", 1_000, "t7", 1_000, "t8", 1_000, "t9", 1_000).build()));
                    CompiledLayer other = layerOf(config, s.other());
                    long[][] ownLayer = new long[10][10];
                    long[][] otherLayer = new long[10][10];

                    // when
                    for (String id : ids(s.idShape(), 20_000, s.hashCode())) {
                        LayerOutcome.Assigned a = config.assign(session(id)).assigned().stream()
                                .filter(x -> x.experimentId().equals("e")).findFirst().orElseThrow();
                        int treatment = a.treatment().name().charAt(1) - '0';
                        ownLayer[a.bucket() * 10 / BUCKETS][treatment]++;
                        otherLayer[other.bucketOf(id) * 10 / BUCKETS][treatment]++;
                    }

                    // then: the treatment says nothing about the bucket in its own layer or in the other one
                    assertThat(ChiSquared.independence(ownLayer)).as("%s, own layer", s).isLessThan(CRITICAL_81);
                    assertThat(ChiSquared.independence(otherLayer)).as("%s, other layer", s).isLessThan(CRITICAL_81);
                });
    }

    @Test
    void shouldKeepTwoLayersIndependentWhenEachIsTheSaltOfAnExperimentInTheOther() {
        // given: "promo" in layer checkout is salted "search"; "s1" / "s2" split layer search and are salted "checkout"
        CompiledConfig config = compile(layer(1, "checkout"), layer(2, "search"),
                put(3, experiment("promo", "checkout").salt("search").buckets(0, BUCKETS).build()),
                put(4, experiment("s1", "search").salt("checkout").buckets(0, 5_000).build()),
                put(5, experiment("s2", "search").salt("checkout").buckets(5_000, BUCKETS).build()));
        long[][] experimentByTreatment = new long[2][2];
        long[][] treatmentByTreatment = new long[2][2];
        long[][] bucketByTreatment = new long[10][2];

        // when
        for (String id : uuids(100_000, 21)) {
            Map<String, LayerOutcome.Assigned> byLayer = new HashMap<>();
            config.assign(session(id)).assigned().forEach(a -> byLayer.put(a.layerId(), a));
            LayerOutcome.Assigned promo = byLayer.get("checkout");
            LayerOutcome.Assigned s = byLayer.get("search");
            int promoTreatment = promo.treatment().control() ? 0 : 1;
            int sTreatment = s.treatment().control() ? 0 : 1;
            experimentByTreatment[s.experimentId().equals("s1") ? 0 : 1][promoTreatment]++;
            treatmentByTreatment[promoTreatment][sTreatment]++;
            bucketByTreatment[promo.bucket() * 10 / BUCKETS][sTreatment]++;
        }

        // then: which experiment of search a unit is in says nothing about its treatment in checkout, and back
        assertThat(ChiSquared.independence(experimentByTreatment)).isLessThan(CRITICAL_1);
        assertThat(ChiSquared.independence(treatmentByTreatment)).isLessThan(CRITICAL_1);
        assertThat(ChiSquared.independence(bucketByTreatment)).isLessThan(CRITICAL_9);
    }

    @Test
    void shouldKeepHoldoutMembershipIndependentWhenALayerAndAnExperimentSaltAreNamedLikeTheHoldoutSalt() {
        // given: a 50% SESSION holdout salted "holdout", a SESSION layer called "holdout", and a USER experiment
        // salted "holdout" (USER layers are not covered by a SESSION holdout, so it assigns members too)
        CompiledConfig config = compile(holdout(1, 5_000), layer(2, "holdout"), layer(3, "other", UnitType.USER),
                put(4, experiment("e", "other").unit(UnitType.USER).salt("holdout").buckets(0, BUCKETS).build()));
        CompiledLayer layer = layerOf(config, "holdout");
        long[][] byBucket = new long[2][10];
        long[][] bySlot = new long[2][10];

        // when: the same id as session and user, so all three hashes read one id
        for (String id : uuids(100_000, 5)) {
            Assignment assignment = config.assign(new AssignmentRequest(id, id, null, Map.of()));
            int member = assignment.holdout().member() ? 1 : 0;
            byBucket[member][layer.bucketOf(id) * 10 / BUCKETS]++;
            LayerOutcome.Assigned e = assignment.assigned().stream().filter(a -> a.layerId().equals("other"))
                    .findFirst().orElseThrow();
            bySlot[member][e.slot() * 10 / BUCKETS]++;
        }

        // then
        assertThat(ChiSquared.independence(byBucket)).isLessThan(CRITICAL_9);
        assertThat(ChiSquared.independence(bySlot)).isLessThan(CRITICAL_9);
    }

    record Scenario(String layer, String salt, String other, String idShape) {
    }

    /**
     * Layer id, experiment salt and another layer's id, related adversarially: salt = layer id (the issue), salt =
     * the other layer's id, salt = layer id with a ':' suffix or prefix, a layer id that is the other's prefix up to a
     * ':', empty, or 200 characters.
     */
    private static Gen<Scenario> scenarios() {
        Gen<String> layers = integers().between(0, LAYER_IDS.size() - 1).map(LAYER_IDS::get);
        Gen<String> shapes = integers().between(0, ID_SHAPES.size() - 1).map(ID_SHAPES::get);
        return layers.zip(layers, integers().between(0, 6), shapes, (layer, otherCandidate, relation, shape) -> {
            String other = otherCandidate.equals(layer) ? layer + ":" : otherCandidate;
            String salt = switch (relation) {
                case 0 -> layer;                 // experiment id = layer id
                case 1 -> other;                 // salt = another layer's id
                case 2 -> layer + ":1";          // ':' inside, the layer id as a prefix
                case 3 -> "1:" + layer;          // ':' inside, the layer id as a suffix
                case 4 -> "";                    // empty salt
                case 5 -> layer.repeat(2) + "S".repeat(200); // very long
                default -> "bucket:" + layer.length() + ":" + layer; // looks like the bucket input's prefix
            };
            return new Scenario(layer, salt, other, shape);
        });
    }

    private static List<String> ids(String shape, int n, long seed) {
        List<String> uuids = uuids(n, seed);
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String u = uuids.get(i);
            ids.add(switch (shape) {
                case "colon-prefix" -> "1:" + u;
                case "colon-suffix" -> u + ":";
                case "colons" -> u.replace('-', ':');
                case "long" -> "x".repeat(200) + u;
                case "unicode" -> "ü" + u + "日";
                default -> u;
            });
        }
        return ids;
    }

    private static CompiledLayer layerOf(CompiledConfig config, String id) {
        return config.layers().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }
}
