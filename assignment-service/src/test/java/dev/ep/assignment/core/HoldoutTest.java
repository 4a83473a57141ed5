package dev.ep.assignment.core;

import static dev.ep.assignment.core.AssignmentPropertiesTest.uuids;
import static dev.ep.assignment.core.Experiments.compile;
import static dev.ep.assignment.core.Experiments.experiment;
import static dev.ep.assignment.core.Experiments.holdout;
import static dev.ep.assignment.core.Experiments.layer;
import static dev.ep.assignment.core.Experiments.loggedIn;
import static dev.ep.assignment.core.Experiments.put;
import static dev.ep.assignment.core.Experiments.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.ep.assignment.hashing.HashSpace;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, the holdout: it hashes exactly its own unit type's id (never a fallback), covers exactly the layers of
 * that unit type, and every decision records where the request stands with it. Before, the holdout hashed the
 * session id even when it said USER (the relay hard-coded SESSION), so a logged-in user flipped in and out of it from
 * one session to the next, and a held-out unit lost every layer.
 */
@Tag("issue-8")
class HoldoutTest {

    private static final int BUCKETS = 10_000;
    /** χ²(1, 0.001), NIST/SEMATECH e-Handbook §1.3.6.7.4. */
    private static final double CRITICAL_1 = 10.828;

    @Test
    void shouldKeepAUsersMembershipInEverySessionWhenTheHoldoutIsByUser() {
        CompiledConfig config = compile(holdout(1, 5_000, UnitType.USER));
        qt().withExamples(2_000)
                .forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 40),
                        lists().of(strings().basicLatinAlphabet().ofLengthBetween(1, 40)).ofSizeBetween(1, 6))
                .checkAssert((user, sessions) -> {
                    HoldoutMembership first = config.assign(loggedIn(sessions.get(0), user)).holdout();
                    for (String s : sessions) {
                        HoldoutMembership m = config.assign(loggedIn(s, user)).holdout();
                        assertThat(m).isEqualTo(first);
                        assertThat(m.unitId()).isEqualTo(user);
                        assertThat(m.unitType()).isEqualTo(UnitType.USER);
                        assertThat(m.member()).isEqualTo(HashSpace.HOLDOUT.scaled("holdout", user, BUCKETS) < 5_000);
                    }
                });
    }

    @Test
    void shouldNeverFlipMembershipAtLoginWhenTheHoldoutIsBySession() {
        CompiledConfig config = compile(holdout(1, 5_000, UnitType.SESSION));
        qt().withExamples(2_000)
                .forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 40),
                        lists().of(strings().basicLatinAlphabet().ofLengthBetween(1, 40)).ofSizeBetween(1, 4))
                .checkAssert((session, users) -> {
                    HoldoutMembership anonymous = config.assign(session(session)).holdout();
                    assertThat(anonymous.unitId()).isEqualTo(session);
                    for (String user : users) {
                        assertThat(config.assign(loggedIn(session, user)).holdout()).isEqualTo(anonymous);
                    }
                });
    }

    @Test
    void shouldLeaveTheOtherUnitTypesLayersUnaffectedWhenTheUnitIsHeldOut() {
        for (UnitType held : List.of(UnitType.SESSION, UnitType.USER)) {
            // given: one SESSION and one USER layer, each fully owned; the same config with and without a holdout
            ConfigChange[] layers = {layer(2, "s-layer", UnitType.SESSION), layer(3, "u-layer", UnitType.USER),
                    put(4, experiment("s-exp", "s-layer").buckets(0, BUCKETS).build()),
                    put(5, experiment("u-exp", "u-layer").unit(UnitType.USER).buckets(0, BUCKETS).build())};
            CompiledConfig without = compile(layers);
            CompiledConfig with = compile(concat(holdout(1, 5_000, held), layers));
            String coveredLayer = held == UnitType.SESSION ? "s-layer" : "u-layer";
            String otherLayer = held == UnitType.SESSION ? "u-layer" : "s-layer";
            int members = 0;

            for (String id : uuids(2_000, 3)) {
                AssignmentRequest request = loggedIn("s-" + id, "u-" + id);
                Assignment a = with.assign(request);
                Assignment b = without.assign(request);
                // then: the other unit type's layer decides exactly as without a holdout
                assertThat(fromLayer(a, otherLayer)).isEqualTo(fromLayer(b, otherLayer));
                // and the covered layer gives nothing to members, the same as without a holdout to the others
                if (a.heldOut()) {
                    members++;
                    assertThat(fromLayer(a, coveredLayer)).isNull();
                } else {
                    assertThat(fromLayer(a, coveredLayer)).isEqualTo(fromLayer(b, coveredLayer));
                }
            }
            assertThat(members).as("%s", held).isBetween(700, 1_300);
        }
    }

    @Test
    void shouldHoldOutTheShareOfItsBasisPointsWhenManyUnitsAreHashed() {
        for (UnitType type : List.of(UnitType.SESSION, UnitType.USER)) {
            for (int basisPoints : new int[] {1, 100, 500, 5_000, 9_999}) {
                // given
                CompiledConfig config = compile(holdout(1, basisPoints, type));
                long members = 0;
                int n = 200_000;

                // when
                for (String id : uuids(n, basisPoints)) {
                    members += config.assign(loggedIn(id, id)).heldOut() ? 1 : 0;
                }

                // then: χ² (1 df) of members / non-members against basisPoints / 10,000 below the α = 0.001 value
                double expected = n * (basisPoints / 10_000.0);
                double chi = (members - expected) * (members - expected) / expected
                        + (members - expected) * (members - expected) / (n - expected);
                assertThat(chi).as("%s %d bp: %d members", type, basisPoints, members).isLessThan(CRITICAL_1);
            }
        }
    }

    @Test
    void shouldHashNothingAndHoldNobodyOutWhenAUserHoldoutSeesAnAnonymousRequest() {
        // given: a 100% USER holdout
        CompiledConfig config = compile(holdout(1, 10_000, UnitType.USER), layer(2, "s-layer"),
                put(3, experiment("s-exp", "s-layer").buckets(0, BUCKETS).build()));

        // when
        Assignment anonymous = config.assign(session("s-1"));

        // then: no id of the holdout's type, so no fallback to the session id: not a member, SESSION layers assign
        assertThat(anonymous.holdout()).isEqualTo(new HoldoutMembership(UnitType.USER, null, 10_000, false));
        assertThat(anonymous.assigned()).extracting(LayerOutcome.Assigned::experimentId).containsExactly("s-exp");
        // logged in, the user is held out of USER layers only, and the SESSION layer still assigns
        Assignment loggedIn = config.assign(loggedIn("s-1", "u-1"));
        assertThat(loggedIn.holdout()).isEqualTo(new HoldoutMembership(UnitType.USER, "u-1", 10_000, true));
        assertThat(loggedIn.assigned()).extracting(LayerOutcome.Assigned::experimentId).containsExactly("s-exp");
    }

    @Test
    void shouldRecordTheMembershipOnEveryDecisionWhetherOrNotAnythingIsAssigned() {
        // no holdout: SESSION, nothing hashed, 0 bp, not a member
        assertThat(compile(put(1, experiment("e", "l").buckets(0, BUCKETS).build())).assign(session("s-1")).holdout())
                .isEqualTo(HoldoutMembership.NONE)
                .isEqualTo(new HoldoutMembership(UnitType.SESSION, null, 0, false));
        assertThat(CompiledConfig.EMPTY.assign(session("s-1")).holdout()).isEqualTo(HoldoutMembership.NONE);
        // a holdout and no experiment at all: still recorded
        String member = IntStream.range(0, 1_000).mapToObj(i -> "s-" + i)
                .filter(s -> HashSpace.HOLDOUT.scaled("holdout", s, BUCKETS) < 2_000).findFirst().orElseThrow();
        Assignment a = compile(holdout(1, 2_000)).assign(session(member));
        assertThat(a.assigned()).isEmpty();
        assertThat(a.holdout()).isEqualTo(new HoldoutMembership(UnitType.SESSION, member, 2_000, true));
        // a 0 bp holdout states its unit type and the id it hashed, and holds out nobody
        assertThat(compile(holdout(1, 0, UnitType.USER)).assign(loggedIn("s-1", "u-1")).holdout())
                .isEqualTo(new HoldoutMembership(UnitType.USER, "u-1", 0, false));
    }

    @Test
    void shouldExplainTheHoldoutInputAndTheLayersItCoversWhenAsked() {
        // given: a 100% USER holdout over one USER and one SESSION layer
        CompiledConfig config = compile(holdout(1, 10_000, UnitType.USER), layer(2, "s-layer"),
                layer(3, "u-layer", UnitType.USER), put(4, experiment("s-exp", "s-layer").buckets(0, BUCKETS).build()),
                put(5, experiment("u-exp", "u-layer").unit(UnitType.USER).buckets(0, BUCKETS).build()));

        // when
        Explanation e = config.explain(loggedIn("s-1", "u-1"));

        // then
        assertThat(e.holdout().unitType()).isEqualTo(UnitType.USER);
        assertThat(e.holdout().unitId()).isEqualTo("u-1");
        assertThat(e.holdout().input()).isEqualTo("holdout:7:holdout:u-1");
        assertThat(e.holdout().hash()).isEqualTo(Integer.toUnsignedLong(HashSpace.HOLDOUT.hash("holdout", "u-1")));
        assertThat(e.holdout().heldOut()).isTrue();
        assertThat(e.layers()).extracting(Explanation.LayerStep::layerId).containsExactly("s-layer", "u-layer");
        Explanation.LayerStep sessionLayer = e.layers().get(0);
        Explanation.LayerStep userLayer = e.layers().get(1);
        assertThat(sessionLayer.heldOut()).isFalse();
        assertThat(sessionLayer.outcome()).isInstanceOf(LayerOutcome.Assigned.class);
        assertThat(userLayer.heldOut()).isTrue();
        assertThat(userLayer.outcome()).isEqualTo(new LayerOutcome.HeldOut("u-layer"));
        assertThat(userLayer.units()).isEmpty();
        assertThat(e.assignment()).isEqualTo(config.assign(loggedIn("s-1", "u-1")));
        // anonymous: the holdout step says nothing was hashed
        Explanation anonymous = config.explain(session("s-1"));
        assertThat(anonymous.holdout().unitId()).isNull();
        assertThat(anonymous.holdout().input()).isNull();
        assertThat(anonymous.holdout().heldOut()).isFalse();
    }

    @Test
    void shouldHoldOutNobodyAndWarnWhenTheHoldoutsUnitTypeIsUnknown() {
        CompiledConfig config = compile(holdout(1, 10_000, UnitType.UNKNOWN),
                put(2, experiment("e", "l").buckets(0, BUCKETS).build()));

        Assignment a = config.assign(loggedIn("s-1", "u-1"));

        assertThat(a.holdout()).isEqualTo(new HoldoutMembership(UnitType.UNKNOWN, null, 10_000, false));
        assertThat(a.assigned()).hasSize(1);
        assertThat(config.warnings()).contains("the holdout has an unknown unit type; it holds out nobody");
    }

    private static LayerOutcome.Assigned fromLayer(Assignment a, String layerId) {
        return a.assigned().stream().filter(x -> x.layerId().equals(layerId)).findFirst().orElse(null);
    }

    private static ConfigChange[] concat(ConfigChange first, ConfigChange... rest) {
        ConfigChange[] all = new ConfigChange[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
