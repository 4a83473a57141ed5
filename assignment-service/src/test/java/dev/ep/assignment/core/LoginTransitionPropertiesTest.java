package dev.ep.assignment.core;

import static dev.ep.assignment.core.Experiments.experiment;
import static dev.ep.assignment.core.Experiments.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, one unit per layer: sessions run through logged-out → logged-in transitions, users across several
 * sessions, over random configurations of SESSION and USER layers with QA overrides, ramp-ups (more buckets claimed
 * between requests), holdouts of either unit type and inconsistent experiments (unit type ≠ layer's). Before, a
 * layer could mix unit types: an anonymous session landed in a SESSION experiment and, after login, its user bucket
 * hit a USER experiment of the same layer, so one session held two experiments of one layer.
 */
@Tag("issue-8")
class LoginTransitionPropertiesTest {

    private static final int BUCKETS = 10_000;

    @Test
    void shouldKeepEverySessionInOneExperimentPerLayerWhenItLogsInAcrossRampsAndOverrides() {
        qt().withExamples(150).forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(seed -> {
            // given
            World world = World.random(seed);

            // when
            List<Observation> observations = world.run();

            // then: a session never holds two experiments of one layer over its life ...
            Map<String, Set<String>> experimentsOfSessionLayer = new HashMap<>();
            // ... a SESSION layer's experiment and treatment are one per session, login or not ...
            Map<String, Set<String>> sessionLayerChoices = new HashMap<>();
            // ... and a USER layer's are one per user, in every session
            Map<String, Set<String>> userLayerChoices = new HashMap<>();
            for (Observation o : observations) {
                for (LayerOutcome.Assigned a : o.assignment().assigned()) {
                    String choice = a.experimentId() + "/" + a.treatment().name();
                    experimentsOfSessionLayer.computeIfAbsent(o.sessionId() + "|" + a.layerId(), k -> new HashSet<>())
                            .add(a.experimentId());
                    UnitType layerUnit = world.layerUnits.get(a.layerId());
                    assertThat(a.unitType()).isEqualTo(layerUnit);
                    assertThat(world.inconsistent).doesNotContain(a.experimentId());
                    if (layerUnit == UnitType.SESSION) {
                        assertThat(a.unitId()).isEqualTo(o.sessionId());
                        sessionLayerChoices.computeIfAbsent(o.sessionId() + "|" + a.layerId(), k -> new HashSet<>())
                                .add(choice);
                    } else {
                        assertThat(a.unitId()).isEqualTo(o.userId()).isNotNull();
                        userLayerChoices.computeIfAbsent(o.userId() + "|" + a.layerId(), k -> new HashSet<>())
                                .add(choice);
                    }
                }
            }
            assertThat(experimentsOfSessionLayer).allSatisfy((k, v) -> assertThat(v).as(k).hasSize(1));
            assertThat(sessionLayerChoices).allSatisfy((k, v) -> assertThat(v).as(k).hasSize(1));
            assertThat(userLayerChoices).allSatisfy((k, v) -> assertThat(v).as(k).hasSize(1));
        });
    }

    @Test
    void shouldNeverChangeASessionLayerOrTheHoldoutAtLoginWhenTheSameConfigurationAnswers() {
        qt().withExamples(150).forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(seed -> {
            World world = World.random(seed);
            for (Observation o : world.run()) {
                if (o.userId() == null) {
                    continue;
                }
                // the same session, same configuration, logged out
                Assignment anonymous = o.config().assign(new AssignmentRequest(o.sessionId(), null, null, Map.of()));
                assertThat(sessionLayers(o.assignment(), world)).isEqualTo(sessionLayers(anonymous, world));
                if (o.config().holdout() != null && o.config().holdout().unitType() == UnitType.SESSION) {
                    assertThat(o.assignment().holdout()).isEqualTo(anonymous.holdout());
                }
            }
        });
    }

    @Test
    void shouldKeepHoldoutMembershipPerUnitWhenSessionsLogInAndUsersComeBack() {
        qt().withExamples(150).forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(seed -> {
            World world = World.random(seed);
            Map<String, Set<Boolean>> membership = new HashMap<>();
            for (Observation o : world.run()) {
                HoldoutMembership m = o.assignment().holdout();
                HoldoutDefinition h = o.config().holdout();
                if (h == null) {
                    assertThat(m).isEqualTo(HoldoutMembership.NONE);
                    continue;
                }
                assertThat(m.unitType()).isEqualTo(h.unitType());
                assertThat(m.basisPoints()).isEqualTo(h.basisPoints());
                // the holdout hashes its own unit's id and no other
                String expectedId = h.unitType() == UnitType.SESSION ? o.sessionId() : o.userId();
                assertThat(m.unitId()).isEqualTo(expectedId);
                if (expectedId == null) {
                    assertThat(m.member()).isFalse();
                } else {
                    membership.computeIfAbsent(h.unitType() + "|" + expectedId, k -> new HashSet<>()).add(m.member());
                }
                // a member gets nothing from the covered unit type's layers, and may get the others'
                if (m.member()) {
                    assertThat(o.assignment().assigned()).noneMatch(a -> a.unitType() == h.unitType());
                }
            }
            // the holdout does not change within the world (ramps move buckets, not the holdout)
            assertThat(membership).allSatisfy((k, v) -> assertThat(v).as(k).hasSize(1));
        });
    }

    private static Map<String, String> sessionLayers(Assignment assignment, World world) {
        Map<String, String> out = new HashMap<>();
        assignment.assigned().stream().filter(a -> world.layerUnits.get(a.layerId()) == UnitType.SESSION)
                .forEach(a -> out.put(a.layerId(), a.experimentId() + "/" + a.treatment().name() + "/" + a.bucket()
                        + "/" + a.slot() + "/" + a.forced()));
        return out;
    }

    record Observation(String sessionId, String userId, CompiledConfig config, Assignment assignment) {
    }

    /**
     * A random platform: 2–4 layers of random unit types, 1–4 experiments each over consecutive bucket ranges
     * (some with QA overrides on the world's session or user ids, one in eight of the wrong unit type), a holdout
     * (none, SESSION or USER), three configuration versions where running experiments ramp up into free buckets,
     * and users who each open 1–3 sessions that browse anonymously, then log in (some never do).
     */
    static final class World {
        final Map<String, UnitType> layerUnits = new HashMap<>();
        final Set<String> inconsistent = new HashSet<>();
        final List<CompiledConfig> versions = new ArrayList<>();
        final Random random;
        final int users;

        private World(Random random) {
            this.random = random;
            this.users = 3 + random.nextInt(10);
        }

        static World random(int seed) {
            World world = new World(new Random(seed));
            world.build();
            return world;
        }

        private void build() {
            ConfigLog log = new ConfigLog();
            long sequence = 1;
            int holdout = random.nextInt(3);
            if (holdout > 0) {
                log.apply(Experiments.holdout(sequence++, random.nextInt(4_000),
                        holdout == 1 ? UnitType.SESSION : UnitType.USER));
            }
            List<ExperimentDefinition> experiments = new ArrayList<>();
            Map<String, Integer> claimedUpTo = new HashMap<>();
            int layers = 2 + random.nextInt(3);
            for (int l = 0; l < layers; l++) {
                String layer = "layer-" + l;
                UnitType unit = random.nextBoolean() ? UnitType.SESSION : UnitType.USER;
                layerUnits.put(layer, unit);
                log.apply(Experiments.layer(sequence++, layer, unit));
                int start = 0;
                int count = 1 + random.nextInt(4);
                for (int e = 0; e < count; e++) {
                    int end = Math.min(BUCKETS, start + random.nextInt(2_500));
                    String id = layer + "-exp-" + e;
                    boolean wrongUnit = random.nextInt(8) == 0;
                    UnitType experimentUnit = wrongUnit ? AssignmentPropertiesTest.other(unit) : unit;
                    if (wrongUnit) {
                        inconsistent.add(id);
                    }
                    Experiments.Builder b = experiment(id, layer).unit(experimentUnit)
                            .weights("control", 3_000, "b", 3_000, "c", 4_000);
                    if (end > start) {
                        b.buckets(start, end);
                    }
                    if (random.nextInt(3) == 0) {
                        // QA overrides on ids of this world, of either type (an override of the wrong type never matches)
                        b.override(random.nextBoolean() ? sessionId(random.nextInt(users), 0) : userId(random.nextInt(users)),
                                random.nextBoolean() ? "b" : "c");
                    }
                    experiments.add(b.build());
                    start = end;
                }
                claimedUpTo.put(layer, start);
            }
            for (ExperimentDefinition e : experiments) {
                log.apply(put(sequence++, e));
            }
            versions.add(log.compile());
            // two ramps: some experiments claim a further range of the free buckets at the end of their layer
            for (int ramp = 1; ramp <= 2; ramp++) {
                for (int i = 0; i < experiments.size(); i++) {
                    ExperimentDefinition e = experiments.get(i);
                    int from = claimedUpTo.get(e.layerId());
                    if (random.nextBoolean() || from >= BUCKETS) {
                        continue;
                    }
                    int to = Math.min(BUCKETS, from + 1 + random.nextInt(2_000));
                    List<BucketRange> buckets = new ArrayList<>(e.buckets());
                    buckets.add(new BucketRange(from, to));
                    ExperimentDefinition ramped = new ExperimentDefinition(e.id(), e.layerId(), e.version() + 1,
                            e.phase(), e.unitType(), e.salt(), e.status(), buckets, e.slotCount(), e.treatments(),
                            e.slots(), e.targeting(), e.overrides());
                    experiments.set(i, ramped);
                    claimedUpTo.put(e.layerId(), to);
                    log.apply(put(sequence++, ramped));
                }
                versions.add(log.compile());
            }
        }

        /** Users in turn open sessions; each request is answered by the configuration version current at its time. */
        List<Observation> run() {
            List<Observation> out = new ArrayList<>();
            int steps = 0;
            for (int u = 0; u < users; u++) {
                int sessions = 1 + random.nextInt(3);
                for (int s = 0; s < sessions; s++) {
                    String session = sessionId(u, s);
                    boolean logsIn = random.nextInt(5) != 0;
                    int anonymous = 1 + random.nextInt(3);
                    int loggedIn = logsIn ? 1 + random.nextInt(3) : 0;
                    for (int r = 0; r < anonymous + loggedIn; r++) {
                        CompiledConfig config = versions.get(Math.min(versions.size() - 1, steps++ * 3 / (users * 6)));
                        String user = r < anonymous ? null : userId(u);
                        AssignmentRequest request = new AssignmentRequest(session, user, null, Map.of());
                        Assignment assignment = config.assign(request);
                        assertThat(config.explain(request).assignment()).isEqualTo(assignment);
                        out.add(new Observation(session, user, config, assignment));
                    }
                }
            }
            return out;
        }

        static String sessionId(int user, int session) {
            return "s-" + user + "-" + session;
        }

        static String userId(int user) {
            return "u-" + user;
        }
    }
}
