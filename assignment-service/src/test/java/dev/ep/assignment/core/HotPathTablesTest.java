package dev.ep.assignment.core;

import static dev.ep.assignment.core.Experiments.experiment;
import static dev.ep.assignment.core.Experiments.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hot path's tables ({@link Runs} with their cell index, the layer's per-experiment targeting numbers, rules
 * sharing subtrees in the snapshot's targeting set) decide exactly as {@link CompiledConfig#explain}, which reads
 * neither: for configurations with many fragmented bucket claims (ramp-ups in steps, gaps, overlaps), experiments that
 * cannot assign (paused, invalid slot maps, another unit type), QA overrides, holdouts of both unit types and rules
 * that share clauses.
 */
class HotPathTablesTest {

    private static final String[] COUNTRIES = {"DE", "AT", "CH", "FR"};

    @Test
    void shouldAssignAsExplainWhenBucketClaimsAreFragmentedAndSomeExperimentsCannotAssign() {
        int assigned = 0;
        int forced = 0;
        int notAssignableOwners = 0;
        for (int seed = 0; seed < 12; seed++) {
            // given
            Random random = new Random(seed);
            List<ConfigChange> changes = new ArrayList<>();
            long sequence = 1;
            int layers = 5 + random.nextInt(20);
            changes.add(Experiments.holdout(sequence++, random.nextInt(2_000),
                    random.nextBoolean() ? UnitType.USER : UnitType.SESSION));
            List<String> cannotAssign = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                UnitType unit = l % 4 == 3 ? UnitType.USER : UnitType.SESSION;
                changes.add(Experiments.layer(sequence++, "layer-" + l, unit));
                int experiments = 1 + random.nextInt(12);
                for (int e = 0; e < experiments; e++) {
                    String id = "e-" + l + "-" + e;
                    Experiments.Builder b = experiment(id, "layer-" + l).unit(unit)
                            .weights("control", 3_334, "b", 3_333, "c", 3_333)
                            .targeting(targeting(random, l, e));
                    // a ramp-up in steps: adjacent and separate ranges, some overlapping another experiment's
                    int start = random.nextInt(10_000);
                    for (int step = 0; step < 1 + random.nextInt(4) && start < 10_000; step++) {
                        int end = Math.min(10_000, start + 1 + random.nextInt(900));
                        b.buckets(start, end);
                        start = random.nextBoolean() ? end : Math.min(10_000, end + random.nextInt(300));
                    }
                    int kind = random.nextInt(10);
                    if (kind == 0) {
                        b.status(Status.PAUSED);
                        cannotAssign.add(id);
                    } else if (kind == 1) {
                        b.slots(new SlotRange(0, 5_000, "control"), new SlotRange(5_001, 10_000, "b"));
                        cannotAssign.add(id);
                    } else if (kind == 2) {
                        b.unit(unit == UnitType.USER ? UnitType.SESSION : UnitType.USER);
                        cannotAssign.add(id);
                    } else if (kind == 3) {
                        b.override(unit == UnitType.USER ? "u-" + random.nextInt(3) : "s-" + random.nextInt(3),
                                "c");
                    }
                    changes.add(put(sequence++, b.build()));
                }
            }
            CompiledConfig config = Experiments.compile(changes.toArray(ConfigChange[]::new));

            for (int r = 0; r < 400; r++) {
                AssignmentRequest request = request(random);

                // when
                Assignment fast = config.assign(request);

                // then
                Explanation explanation = config.explain(request);
                assertThat(fast).as("seed %d, %s", seed, request).isEqualTo(explanation.assignment());
                assigned += fast.assigned().size();
                forced += (int) fast.assigned().stream().filter(LayerOutcome.Assigned::forced).count();
                notAssignableOwners += (int) explanation.layers().stream()
                        .filter(step -> cannotAssign.contains(step.experimentId())).count();
            }
        }
        // the comparison covers assignments, forced ones and buckets owned by experiments that cannot assign
        assertThat(assigned).isGreaterThan(2_000);
        assertThat(forced).isPositive();
        assertThat(notAssignableOwners).isGreaterThan(100);
    }

    @Test
    void shouldKeepEveryAssignedUnitsTreatmentWhenTheExperimentRampsUpInSteps() {
        // given: an experiment at 1%, then 5% (a second adjacent range), then 50% (one range again)
        int[][][] steps = {{{2_000, 2_100}}, {{2_000, 2_100}, {2_100, 2_500}}, {{2_000, 7_000}}};
        List<CompiledConfig> configs = new ArrayList<>();
        for (int[][] ranges : steps) {
            Experiments.Builder b = experiment("ramp", "l").weights("control", 5_000, "treatment", 5_000)
                    .version(configs.size() + 1);
            for (int[] range : ranges) {
                b.buckets(range[0], range[1]);
            }
            configs.add(Experiments.compile(Experiments.layer(1, "l"),
                    put(2, experiment("other", "l").buckets(0, 2_000).build()), put(3, b.build())));
        }

        for (int i = 0; i < 20_000; i++) {
            AssignmentRequest request = Experiments.session("s-" + i);
            String before = null;
            for (CompiledConfig config : configs) {
                // when
                String now = config.assign(request).assigned().stream()
                        .filter(a -> a.experimentId().equals("ramp")).map(a -> a.treatment().name())
                        .findFirst().orElse(null);

                // then: once assigned, the same treatment at every later step
                if (before != null) {
                    assertThat(now).as("session s-%d", i).isEqualTo(before);
                }
                before = now;
                assertThat(config.assign(request)).isEqualTo(config.explain(request).assignment());
            }
        }
    }

    private static String targeting(Random random, int layer, int experiment) {
        // a shared clause (country), a shared clause with a few thresholds, a clause of its own
        String rule = "{\"all\":[{\"in\":{\"attribute\":\"country\",\"values\":[\"" + COUNTRIES[experiment % 4]
                + "\",\"" + COUNTRIES[(experiment + 1) % 4] + "\"]}},{\"gte\":{\"attribute\":\"cart\",\"value\":"
                + random.nextInt(3) * 10 + "}},{\"not\":{\"eq\":{\"attribute\":\"device\",\"value\":\"tv-" + layer
                + "-" + experiment + "\"}}}]}";
        String pages = random.nextInt(3) == 0 ? "[]" : "[\"cart\",\"home\"]";
        return "{\"pages\":" + pages + ",\"rule\":" + rule + "}";
    }

    private static AssignmentRequest request(Random random) {
        String session = random.nextInt(10) == 0 ? "s-" + random.nextInt(3) : "s-" + random.nextLong();
        String user = random.nextBoolean() ? null : "u-" + random.nextInt(random.nextBoolean() ? 3 : 1_000);
        String page = random.nextInt(4) == 0 ? null : random.nextBoolean() ? "cart" : "product";
        Map<String, String> attributes = Map.of("country", COUNTRIES[random.nextInt(4)],
                "cart", Integer.toString(random.nextInt(40)),
                "device", random.nextInt(5) == 0 ? "tv-" + random.nextInt(5) + "-" + random.nextInt(5) : "mobile");
        return new AssignmentRequest(session, user, page, attributes);
    }
}
