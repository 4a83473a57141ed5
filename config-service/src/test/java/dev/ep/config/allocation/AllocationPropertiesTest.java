package dev.ep.config.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

import dev.ep.config.change.ConfigCommand;
import dev.ep.config.change.ConfigDecider;
import dev.ep.config.change.ConfigFixtures;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.ExperimentStatus;
import dev.ep.config.layer.LayerId;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/** Random start/ramp/pause/resume/stop sequences of four experiments sharing the default layer. */
class AllocationPropertiesTest {

    private static final List<String> IDS = List.of("e0", "e1", "e2", "e3");

    /** Fixed seed 0xA110C so CI replays the same 300 action sequences on every run. */
    private static final long SEED = 0xA110CL;

    enum Op { START, RAMP, PAUSE, RESUME, STOP }

    record Action(Op op, int experiment, int basisPoints) {
    }

    private static Gen<List<Action>> actions() {
        Gen<Integer> traffic = integers().between(1, 10_000)
                .mix(arbitrary().pick(1, 100, 2_500, 5_000, 9_999, 10_000));
        Gen<Action> action = arbitrary().enumValues(Op.class)
                .zip(integers().between(0, IDS.size() - 1), traffic, Action::new);
        return lists().of(action).ofSizeBetween(0, 40);
    }

    @Test
    void shouldNeverMoveOwnedBucketsAndKeepOwnersDisjoint() {
        QuickTheory.qt().withFixedSeed(SEED).withExamples(300).withShrinkCycles(500)
                .forAll(actions()).checkAssert(AllocationPropertiesTest::runAndCheck);
    }

    private static void runAndCheck(List<Action> actions) {
        ConfigState state = ConfigFixtures.platform();
        for (String id : IDS) {
            state = ConfigFixtures.run(state, new ConfigCommand.CreateExperiment(ConfigFixtures.definition(id)));
        }
        for (Action a : actions) {
            ExperimentId id = new ExperimentId(IDS.get(a.experiment()));
            ConfigCommand command = switch0(a, id);
            ConfigState next;
            try {
                next = ConfigDecider.handle(state, command, ConfigFixtures.ctx());
            } catch (ConfigException e) {
                assertThat(e.code()).isIn(ErrorCode.LAYER_CAPACITY_EXCEEDED, ErrorCode.ILLEGAL_TRANSITION,
                        ErrorCode.WRONG_STATUS, ErrorCode.NO_CHANGE);
                continue;
            }
            check(state, next, a, id);
            state = next;
        }
    }

    private static ConfigCommand switch0(Action a, ExperimentId id) {
        switch (a.op()) {
            case START:
                return new ConfigCommand.Start(id, a.basisPoints());
            case RAMP:
                return new ConfigCommand.Ramp(id, a.basisPoints());
            case PAUSE:
                return new ConfigCommand.Pause(id);
            case RESUME:
                return new ConfigCommand.Resume(id);
            default:
                return new ConfigCommand.Stop(id);
        }
    }

    private static void check(ConfigState before, ConfigState after, Action a, ExperimentId id) {
        // owners stay disjoint (LayerBuckets.of throws otherwise) and free + owned = 10,000
        LayerBuckets map = after.buckets(LayerId.DEFAULT);
        int owned = map.owners().stream().mapToInt(LayerBuckets.Owner::buckets).sum();
        assertThat(owned + map.freeCount()).isEqualTo(10_000);

        Experiment old = before.experiment(id).orElseThrow();
        Experiment now = after.experiment(id).orElseThrow();
        BitSet oldBuckets = old.allocation().buckets();
        BitSet newBuckets = now.allocation().buckets();
        if (a.op() == Op.RAMP && now.trafficBasisPoints() > old.trafficBasisPoints()) {
            BitSet kept = (BitSet) newBuckets.clone();
            kept.and(oldBuckets);
            assertThat(kept).as("ramp-up keeps every owned bucket").isEqualTo(oldBuckets);
            assertThat(now.allocation().ranges().subList(0, old.allocation().ranges().size() - 1))
                    .as("claim order is kept").isEqualTo(old.allocation().ranges().subList(0,
                            Math.max(0, old.allocation().ranges().size() - 1)));
        }
        if (a.op() == Op.RAMP && now.trafficBasisPoints() < old.trafficBasisPoints()) {
            int down = old.trafficBasisPoints() - now.trafficBasisPoints();
            assertThat(now.allocation()).isEqualTo(old.allocation().minusNewest(down));
            BitSet released = (BitSet) oldBuckets.clone();
            released.andNot(newBuckets);
            assertThat(released).as("ramp-down releases exactly the newest buckets")
                    .isEqualTo(BucketAllocation.NONE.plus(old.allocation().newest(down)).buckets());
            assertThat(released.cardinality() + newBuckets.cardinality()).as("ramp-down claims nothing")
                    .isEqualTo(oldBuckets.cardinality());
        }
        if (a.op() == Op.RAMP || a.op() == Op.START) {
            assertThat(now.trafficBasisPoints()).isEqualTo(a.basisPoints());
        }
        if (now.status() == ExperimentStatus.STOPPED) {
            assertThat(now.allocation().size()).isZero();
        }
        for (Experiment other : before.experiments().values()) {
            if (!other.id().equals(id)) {
                assertThat(after.experiment(other.id()).orElseThrow().allocation())
                        .as("other experiments are untouched").isEqualTo(other.allocation());
            }
        }
        assertThat(Set.of(ExperimentStatus.values())).contains(now.status());
    }
}
