package dev.ep.config.dryrun;

import static dev.ep.config.change.ConfigFixtures.ctx;
import static dev.ep.config.change.ConfigFixtures.definition;
import static dev.ep.config.change.ConfigFixtures.id;
import static dev.ep.config.change.ConfigFixtures.platformWithLayer;
import static dev.ep.config.change.ConfigFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.ep.config.allocation.Range;
import dev.ep.config.change.CommandContext;
import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigDecider;
import dev.ep.config.change.ConfigFixtures;
import dev.ep.config.change.ConfigState;
import dev.ep.config.change.TeamScope;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.layer.LayerId;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.slot.SlotMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

class DryRunTest {

    private static final LayerId CHECKOUT = new LayerId("checkout");

    /** Fixed seed 0xD27 so CI replays the same weight changes on every run. */
    private static final long SEED = 0xD27L;

    @Test
    void shouldClaimTheLowestFreeBucketsWhenStarting() {
        // given: "other" owns [0, 1000) and [2000, 2500) after "gone" released [1000, 2000)
        ConfigState state = run(platformWithLayer("checkout"),
                create("other", 5_000, 5_000), create("gone", 5_000, 5_000), create("x", 5_000, 5_000),
                new ConfigCommand.Start(id("other"), 1_000), new ConfigCommand.Start(id("gone"), 1_000),
                new ConfigCommand.Ramp(id("other"), 1_500), new ConfigCommand.Stop(id("gone")));

        // when
        DryRun d = DryRun.of(state, new ConfigCommand.Start(id("x"), 1_500), ctx());

        // then: first fit, the hole first
        assertThat(d.change()).isEqualTo(DryRun.Change.START);
        assertThat(d.buckets().claimed()).containsExactly(new Range(1_000, 2_000), new Range(2_500, 3_000));
        assertThat(d.buckets().released()).isEmpty();
        assertThat(d.buckets().claimedCount()).isEqualTo(1_500);
        assertThat(d.buckets().layer()).isEqualTo(CHECKOUT);
        assertThat(d.buckets().layerBucketCount()).isEqualTo(10_000);
        assertThat(d.slots().moved()).isZero();
        assertThat(d.slots().moves()).isEmpty();
        assertThat(d.units()).isEqualTo(new DryRun.Units(0.0, 0.15, 0.0));
        assertThat(d.version()).isEqualTo(new DryRun.Versions(1, 2));
        assertThat(d.phase()).isEqualTo(new DryRun.Phases(0, 1, true));
        assertThat(d.traffic()).isEqualTo(new DryRun.Traffic(0, 1_500));
        assertThat(d.summary()).isEqualTo("Start at 15% of layer checkout: claims 1,500 buckets (the lowest free);"
                + " starts phase 1 with control 50%, b 50%.");
    }

    @Test
    void shouldMoveNoSlotAndNoUnitWhenRampingUp() {
        // given: x at 10% of checkout
        ConfigState state = run(platformWithLayer("checkout"), create("x", 3_334, 3_333, 3_333),
                new ConfigCommand.Start(id("x"), 1_000));

        // when
        DryRun d = DryRun.of(state, new ConfigCommand.Ramp(id("x"), 5_000), ctx());

        // then
        assertThat(d.change()).isEqualTo(DryRun.Change.RAMP);
        assertThat(d.buckets().claimed()).containsExactly(new Range(1_000, 5_000));
        assertThat(d.buckets().claimedCount()).isEqualTo(4_000);
        assertThat(d.buckets().releasedCount()).isZero();
        assertThat(d.slots().moved()).isZero();
        assertThat(d.slots().moves()).isEmpty();
        assertThat(d.units().treatmentChangesShare()).isZero();
        assertThat(d.units().enteringShare()).isEqualTo(0.4);
        assertThat(d.units().leavingShare()).isZero();
        assertThat(d.phase()).isEqualTo(new DryRun.Phases(1, 1, false));
        assertThat(d.version()).isEqualTo(new DryRun.Versions(2, 3));
        assertThat(d.summary()).isEqualTo(
                "Ramp-up from 10% to 50% of layer checkout: claims 4,000 buckets; no unit's treatment changes.");
    }

    @Test
    void shouldReleaseTheMostRecentClaimsWhenRampingDown() {
        // given: x claimed [0, 1000), then "other" [1000, 2000), then x [2000, 4000)
        ConfigState state = run(platformWithLayer("checkout"), create("x", 5_000, 5_000),
                create("other", 5_000, 5_000), new ConfigCommand.Start(id("x"), 1_000),
                new ConfigCommand.Start(id("other"), 1_000), new ConfigCommand.Ramp(id("x"), 3_000));

        // when: down to 15%
        DryRun d = DryRun.of(state, new ConfigCommand.Ramp(id("x"), 1_500), ctx());

        // then: the newest 1,500 buckets go; the oldest claims and every slot stay
        assertThat(d.buckets().released()).containsExactly(new Range(2_500, 4_000));
        assertThat(d.buckets().claimed()).isEmpty();
        assertThat(d.after().allocation().ranges()).containsExactly(new Range(0, 1_000), new Range(2_000, 2_500));
        assertThat(d.slots().moved()).isZero();
        assertThat(d.units()).isEqualTo(new DryRun.Units(0.0, 0.0, 0.15));
        assertThat(d.summary()).isEqualTo("Ramp-down from 30% to 15% of layer checkout: releases 1,500 buckets (the"
                + " most recently claimed), so 15% of the layer's units leave the experiment; no remaining unit's"
                + " treatment changes.");
    }

    @Test
    void shouldMoveTheMinimumSlotsFromLosersToGainersWhenWeightsChange() {
        // given: three treatments at 33.34/33.33/33.33
        ConfigState state = run(platformWithLayer("checkout"), create("x", 3_334, 3_333, 3_333),
                new ConfigCommand.Start(id("x"), 2_000));

        // when: 50/25/25
        DryRun d = DryRun.of(state, weights("x", 5_000, 2_500, 2_500), ctx());

        // then: 833 + 833 slots move to control: exactly the minimum, 16.66% of the experiment's units
        assertThat(d.change()).isEqualTo(DryRun.Change.WEIGHTS);
        assertThat(d.slots().total()).isEqualTo(10_000);
        assertThat(d.slots().moved()).isEqualTo(1_666);
        assertThat(d.slots().moves()).extracting(DryRun.SlotMove::from, DryRun.SlotMove::to, DryRun.SlotMove::slots)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "control", 833),
                        org.assertj.core.groups.Tuple.tuple("c", "control", 833));
        assertThat(d.slots().moves().get(0).ranges()).containsExactly(new Range(5_834, 6_667));
        assertThat(d.slots().moves().get(1).ranges()).containsExactly(new Range(9_167, 10_000));
        assertThat(d.units()).isEqualTo(new DryRun.Units(0.1666, 0.0, 0.0));
        assertThat(d.buckets().claimed()).isEmpty();
        assertThat(d.buckets().released()).isEmpty();
        assertThat(d.traffic()).isEqualTo(new DryRun.Traffic(2_000, 2_000));
        assertThat(d.phase()).isEqualTo(new DryRun.Phases(1, 2, true));
        assertThat(d.summary()).isEqualTo("Weight change control 33.34% → 50%, b 33.33% → 25%, c 33.33% → 25%: moves"
                + " 1,666 of 10,000 slots (b → control 833, c → control 833), so 16.66% of the experiment's units"
                + " change treatment; starts phase 2.");
    }

    @Test
    void shouldMoveExactlyTheSumOfLossesWhenAnyWeightsChange() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(200).withShrinkCycles(200)
                .forAll(weightChanges())
                .assuming(p -> !java.util.Arrays.equals(p[0], p[1]))
                .describedAs(p -> java.util.Arrays.toString(p[0]) + " -> " + java.util.Arrays.toString(p[1]))
                .checkAssert(p -> {
                    int[] before = p[0];
                    int[] next = p[1];
                    ConfigState state = run(platformWithLayer("checkout"), create("x", before),
                            new ConfigCommand.Start(id("x"), 3_000));
                    DryRun d = DryRun.of(state, weights("x", next), ctx());

                    int losses = 0;
                    for (int i = 0; i < before.length; i++) {
                        losses += Math.max(0, before[i] - next[i]);
                    }
                    assertThat(d.slots().moved()).isEqualTo(losses);
                    assertThat(d.units().treatmentChangesShare()).isEqualTo((double) losses / SlotMap.SLOTS);
                    assertThat(d.slots().moves().stream().mapToInt(DryRun.SlotMove::slots).sum()).isEqualTo(losses);
                    // replaying the moves on the old map gives the new one
                    Experiment was = state.experiment(id("x")).orElseThrow();
                    List<String> names = was.definition().treatments().names();
                    int[] slots = new int[SlotMap.SLOTS];
                    for (int s = 0; s < SlotMap.SLOTS; s++) {
                        slots[s] = was.slots().treatmentAt(s);
                    }
                    for (DryRun.SlotMove m : d.slots().moves()) {
                        for (Range r : m.ranges()) {
                            for (int s = r.start(); s < r.end(); s++) {
                                assertThat(names.get(slots[s])).isEqualTo(m.from());
                                slots[s] = names.indexOf(m.to());
                            }
                        }
                    }
                    for (int s = 0; s < SlotMap.SLOTS; s++) {
                        assertThat(slots[s]).isEqualTo(d.after().slots().treatmentAt(s));
                    }
                });
    }

    @Test
    void shouldDescribeTheSameExperimentTheRealCommandLeavesWhenItRuns() {
        ConfigState state = run(platformWithLayer("checkout"), create("x", 5_000, 5_000),
                new ConfigCommand.Start(id("x"), 1_000));
        ConfigCommand ramp = new ConfigCommand.Ramp(id("x"), 2_500);

        DryRun d = DryRun.of(state, ramp, ctx());
        ConfigState real = ConfigDecider.handle(state, ramp, ctx());

        assertThat(d.after()).isEqualTo(real.experiment(id("x")).orElseThrow());
        assertThat(d.version().after()).isEqualTo(real.version(dev.ep.config.change.AggregateRef.of(id("x"))));
    }

    @Test
    void shouldRefuseAsTheRealCommandWouldWhenTheChangeIsInvalid() {
        ConfigState state = run(platformWithLayer("checkout"), create("x", 5_000, 5_000),
                create("full", 5_000, 5_000), new ConfigCommand.Start(id("x"), 1_000),
                new ConfigCommand.Start(id("full"), 8_000));

        assertRefused(state, new ConfigCommand.Ramp(id("x"), 1_000), ctx(), ErrorCode.NO_CHANGE);
        assertRefused(state, new ConfigCommand.Ramp(id("x"), 3_000), ctx(), ErrorCode.LAYER_CAPACITY_EXCEEDED);
        assertRefused(state, weights("x", 5_000, 5_000), ctx(), ErrorCode.NO_CHANGE);
        assertRefused(state, new ConfigCommand.Ramp(id("nope"), 3_000), ctx(), ErrorCode.EXPERIMENT_NOT_FOUND);
        assertRefused(state, new ConfigCommand.Start(id("x"), 1_000), ctx(), ErrorCode.ILLEGAL_TRANSITION);
        assertRefused(state, new ConfigCommand.Ramp(id("x"), 1_500), ctx().expecting(1), ErrorCode.VERSION_CONFLICT);
        assertRefused(state, new ConfigCommand.Ramp(id("x"), 1_500),
                new CommandContext("alice", Optional.empty(), ConfigFixtures.T0, OptionalLong.empty()),
                ErrorCode.REASON_REQUIRED);
        assertRefused(state, new ConfigCommand.Ramp(id("x"), 1_500),
                new CommandContext("team-cart", Optional.of("go"), ConfigFixtures.T0, OptionalLong.empty(),
                        new TeamScope(false, Set.of("team-cart"))), ErrorCode.TEAM_FORBIDDEN);
        assertThatThrownBy(() -> DryRun.of(state, new ConfigCommand.Pause(id("x")), ctx()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSayTheChangeWaitsForTheResumeWhenTheExperimentIsPaused() {
        ConfigState state = run(platformWithLayer("checkout"), create("x", 5_000, 5_000),
                new ConfigCommand.Start(id("x"), 1_000), new ConfigCommand.Pause(id("x")));

        DryRun d = DryRun.of(state, new ConfigCommand.Ramp(id("x"), 2_000), ctx());

        assertThat(d.summary()).endsWith(" The experiment is paused: units see the change when it resumes.");
        assertThat(d.buckets().claimed()).containsExactly(new Range(1_000, 2_000));
    }

    // ------------------------------------------------------------------ fixtures

    private static ConfigCommand create(String id, int... weights) {
        return new ConfigCommand.CreateExperiment(definition(id, CHECKOUT, weights));
    }

    private static ConfigCommand.ChangeWeights weights(String id, int... weights) {
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            byName.put(i == 0 ? "control" : String.valueOf((char) ('a' + i)), weights[i]);
        }
        return new ConfigCommand.ChangeWeights(id(id), byName);
    }

    private static void assertRefused(ConfigState state, ConfigCommand command, CommandContext context,
            ErrorCode code) {
        assertThatThrownBy(() -> DryRun.of(state, command, context)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Old and new weights of 2 to 5 treatments, each positive and summing to 10,000. */
    private static Gen<int[][]> weightChanges() {
        return integers().between(2, 5).flatMap(n -> weights(n).zip(weights(n), (a, b) -> new int[][] {a, b}));
    }

    /** n positive weights summing to 10,000: sorted draws from 1..10,001 - n, the i-th raised by i, as cut points. */
    private static Gen<int[]> weights(int n) {
        return lists().of(integers().between(1, 10_001 - n)).ofSize(n - 1).map(draws -> {
            int[] cuts = draws.stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] w = new int[n];
            int previous = 0;
            for (int i = 0; i < n - 1; i++) {
                int cut = cuts[i] + i;
                w[i] = cut - previous;
                previous = cut;
            }
            w[n - 1] = 10_000 - previous;
            return w;
        });
    }
}
