package dev.ep.assignment.core;

import static dev.ep.assignment.core.Experiments.compile;
import static dev.ep.assignment.core.Experiments.experiment;
import static dev.ep.assignment.core.Experiments.holdout;
import static dev.ep.assignment.core.Experiments.layer;
import static dev.ep.assignment.core.Experiments.put;
import static dev.ep.assignment.core.Experiments.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.hashing.Murmur3;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CompiledConfigTest {

    @Test
    void shouldAssignTheTreatmentOfTheUnitsSlotWhenItsBucketIsOwned() {
        // given: one experiment owning the whole layer, slots 0..4999 control, 5000..9999 treatment
        CompiledConfig config = compile(layer(1, "checkout"),
                put(2, experiment("free-shipping", "checkout").buckets(0, 10_000).build()));

        // when
        Assignment assignment = config.assign(session("s-1"));

        // then
        int slot = Murmur3.bucket("free-shipping", "s-1", 10_000);
        assertThat(assignment.configVersion()).isEqualTo(2);
        assertThat(assignment.heldOut()).isFalse();
        assertThat(assignment.assigned()).singleElement().satisfies(a -> {
            assertThat(a.experimentId()).isEqualTo("free-shipping");
            assertThat(a.layerId()).isEqualTo("checkout");
            assertThat(a.bucket()).isEqualTo(Murmur3.bucket("checkout", "s-1", 10_000));
            assertThat(a.slot()).isEqualTo(slot);
            assertThat(a.treatment().name()).isEqualTo(slot < 5_000 ? "control" : "treatment");
            assertThat(a.forced()).isFalse();
        });
    }

    @Test
    void shouldAssignNothingWhenTheUnitsBucketIsNotOwned() {
        CompiledConfig config = compile(put(1, experiment("e", "l").buckets(0, 1).build()));
        String unowned = IntStream.range(0, 1000).mapToObj(i -> "s-" + i)
                .filter(s -> Murmur3.bucket("l", s, 10_000) != 0).findFirst().orElseThrow();

        assertThat(config.assign(session(unowned)).assigned()).isEmpty();
        assertThat(config.explain(session(unowned)).layers().get(0).outcome())
                .isInstanceOf(LayerOutcome.Unowned.class);
    }

    @Test
    void shouldAssignNothingWhenTheOwnerIsPausedStoppedOrDraft() {
        for (Status status : new Status[] {Status.PAUSED, Status.STOPPED, Status.DRAFT, Status.UNKNOWN}) {
            CompiledConfig config = compile(put(1, experiment("e", "l").buckets(0, 10_000).status(status).build()));

            assertThat(config.assign(session("s-1")).assigned()).as("%s", status).isEmpty();
            assertThat(config.explain(session("s-1")).layers().get(0).outcome())
                    .isEqualTo(new LayerOutcome.NotRunning("l", "e", status));
        }
    }

    @Test
    void shouldGiveNothingFromTheLayerWhenTheOwnerExcludesTheUnitEvenIfAnotherExperimentWouldTakeIt() {
        // given: "de-only" owns every bucket but targets country DE; "everyone" owns nothing
        CompiledConfig config = compile(
                put(1, experiment("de-only", "l").buckets(0, 10_000)
                        .targeting("{\"pages\":[\"cart\"],\"rule\":{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}}")
                        .build()),
                put(2, experiment("everyone", "l").build()));

        // then
        assertThat(config.assign(new AssignmentRequest("s-1", null, "cart", Map.of("country", "FR"))).assigned())
                .isEmpty();
        assertThat(config.assign(new AssignmentRequest("s-1", null, "home", Map.of("country", "DE"))).assigned())
                .isEmpty();
        assertThat(config.assign(new AssignmentRequest("s-1", null, "cart", Map.of("country", "DE"))).assigned())
                .extracting(LayerOutcome.Assigned::experimentId).containsExactly("de-only");
        Explanation explanation = config.explain(new AssignmentRequest("s-1", null, "cart", Map.of("country", "FR")));
        assertThat(explanation.layers().get(0).outcome()).isEqualTo(new LayerOutcome.NotEligible("l", "de-only", true));
        assertThat(explanation.layers().get(0).targeting().rule().actual()).contains("FR");
    }

    @Test
    void shouldHoldOutEveryLayerWhenTheUnitFallsIntoTheHoldout() {
        // given: 100% holdout
        CompiledConfig config = compile(holdout(1, 10_000), put(2, experiment("e", "l").buckets(0, 10_000).build()));

        // when
        Assignment assignment = config.assign(session("s-1"));

        // then
        assertThat(assignment.heldOut()).isTrue();
        assertThat(assignment.assigned()).isEmpty();
        assertThat(config.explain(session("s-1")).holdout().heldOut()).isTrue();
    }

    @Test
    void shouldHoldOutExactlyTheUnitsBelowTheBasisPointsWhenAHoldoutIsConfigured() {
        CompiledConfig config = compile(holdout(1, 500), put(2, experiment("e", "l").buckets(0, 10_000).build()));

        long heldOut = IntStream.range(0, 100_000).filter(i -> config.assign(session("s-" + i)).heldOut()).count();

        // 5% of 100,000: mean 5,000, sd ≈ 69; ±6 sd
        assertThat(heldOut).isBetween(4_586L, 5_414L);
        IntStream.range(0, 1000).mapToObj(i -> "s-" + i).forEach(s -> assertThat(config.assign(session(s)).holdout().member())
                .isEqualTo(Murmur3.bucket("holdout", s, 10_000) < 500));
    }

    @Test
    void shouldForceTheOverriddenTreatmentWhenAQaOverrideNamesTheUnitEvenOutsideTheOwnedBuckets() {
        // given: the experiment owns no bucket of the QA session
        String qa = IntStream.range(0, 1000).mapToObj(i -> "qa-" + i)
                .filter(s -> Murmur3.bucket("l", s, 10_000) >= 100).findFirst().orElseThrow();
        CompiledConfig config = compile(put(1, experiment("e", "l").buckets(0, 100).override(qa, "treatment").build()));

        // when
        Assignment assignment = config.assign(session(qa));

        // then
        assertThat(assignment.assigned()).singleElement().satisfies(a -> {
            assertThat(a.treatment().name()).isEqualTo("treatment");
            assertThat(a.forced()).isTrue();
            assertThat(a.slot()).isEqualTo(-1);
        });
        assertThat(config.explain(session(qa)).layers().get(0).forcedBy()).isEqualTo("e");
    }

    @Test
    void shouldGiveOnlyTheOverriddenExperimentFromTheLayerWhenAnotherExperimentOwnsTheQaUnitsBucket() {
        // given: a and b split the layer; the QA session's bucket belongs to a, its override names b
        String qa = IntStream.range(0, 1000).mapToObj(i -> "qa-" + i)
                .filter(s -> Murmur3.bucket("l", s, 10_000) < 5_000).findFirst().orElseThrow();
        CompiledConfig config = compile(put(1, experiment("a", "l").buckets(0, 5_000).build()),
                put(2, experiment("b", "l").buckets(5_000, 10_000).override(qa, "control").build()));

        // when
        Assignment assignment = config.assign(session(qa));
        Explanation explanation = config.explain(session(qa));

        // then: still one experiment in the layer (mutual exclusion), the forced one; the bucket owner is not used
        assertThat(assignment.assigned()).singleElement().satisfies(x -> {
            assertThat(x.experimentId()).isEqualTo("b");
            assertThat(x.treatment().name()).isEqualTo("control");
            assertThat(x.forced()).isTrue();
        });
        Explanation.LayerStep step = explanation.layers().get(0);
        assertThat(step.forcedBy()).isEqualTo("b");
        assertThat(step.experimentId()).isEqualTo("b");
        assertThat(step.units()).singleElement().satisfies(u -> {
            assertThat(u.owner()).isEqualTo("a");
            assertThat(u.used()).isFalse();
        });
        assertThat(explanation.assignment()).isEqualTo(assignment);
        // and every other unit of a's buckets still gets a, unforced
        assertThat(config.assign(session("not-" + qa)).assigned()).allSatisfy(x -> assertThat(x.forced()).isFalse());
    }

    @Test
    void shouldFallBackToTheBucketOwnerWhenTheOverriddenExperimentExcludesThePage() {
        // given: the override's experiment runs on "cart" only; the QA session's bucket belongs to a
        String qa = IntStream.range(0, 1000).mapToObj(i -> "qa-" + i)
                .filter(s -> Murmur3.bucket("l", s, 10_000) < 5_000).findFirst().orElseThrow();
        CompiledConfig config = compile(put(1, experiment("a", "l").buckets(0, 5_000).build()),
                put(2, experiment("b", "l").buckets(5_000, 10_000).override(qa, "control")
                        .targeting("{\"pages\":[\"cart\"]}").build()));
        AssignmentRequest home = new AssignmentRequest(qa, null, "home", Map.of());

        // when / then: on "home" the override does not apply and the layer decides as for anyone
        assertThat(config.assign(home).assigned()).singleElement().satisfies(x -> {
            assertThat(x.experimentId()).isEqualTo("a");
            assertThat(x.forced()).isFalse();
        });
        assertThat(config.explain(home).assignment()).isEqualTo(config.assign(home));
        assertThat(config.explain(home).layers().get(0).units()).singleElement()
                .satisfies(u -> assertThat(u.used()).isTrue());
    }

    @Test
    void shouldGiveNothingFromAnyLayerToAHeldOutQaUnitEvenWithAnOverride() {
        String qa = IntStream.range(0, 1000).mapToObj(i -> "qa-" + i)
                .filter(s -> Murmur3.bucket("holdout", s, 10_000) < 100).findFirst().orElseThrow();
        CompiledConfig config = compile(holdout(1, 100),
                put(2, experiment("e", "l").buckets(0, 10_000).override(qa, "treatment").build()));

        assertThat(config.assign(session(qa)).heldOut()).isTrue();
        assertThat(config.assign(session(qa)).assigned()).isEmpty();
    }

    @Test
    void shouldNotForceAnOverrideWhenTheExperimentIsPaused() {
        CompiledConfig config = compile(put(1, experiment("e", "l").status(Status.PAUSED)
                .override("qa", "treatment").build()));

        assertThat(config.assign(session("qa")).assigned()).isEmpty();
    }

    @Test
    void shouldAssignUserExperimentsOnlyWhenTheRequestHasAUserId() {
        CompiledConfig config = compile(put(1, experiment("u", "l").unit(UnitType.USER).buckets(0, 10_000).build()));

        assertThat(config.assign(session("s-1")).assigned()).isEmpty();
        Assignment withUser = config.assign(new AssignmentRequest("s-1", "user-7", null, Map.of()));
        assertThat(withUser.assigned()).singleElement().satisfies(a -> {
            assertThat(a.bucket()).isEqualTo(Murmur3.bucket("l", "user-7", 10_000));
            assertThat(a.slot()).isEqualTo(Murmur3.bucket("u", "user-7", 10_000));
        });
        // the same user in another session gets the same treatment
        assertThat(config.assign(new AssignmentRequest("s-2", "user-7", null, Map.of())).assigned().get(0).treatment())
                .isEqualTo(withUser.assigned().get(0).treatment());
    }

    @Test
    void shouldExplainEveryHashBucketOwnerRuleAndSlotWhenAsked() {
        // given
        CompiledConfig config = compile(holdout(1, 1), layer(2, "l"), put(3, experiment("e", "l").buckets(0, 10_000)
                .targeting("{\"rule\":{\"all\":[{\"exists\":{\"attribute\":\"tier\"}},"
                        + "{\"gt\":{\"attribute\":\"cart_value\",\"value\":50}}]}}")
                .build()));
        String unit = IntStream.range(0, 1000).mapToObj(i -> "s-" + i)
                .filter(s -> Murmur3.bucket("holdout", s, 10_000) >= 1).findFirst().orElseThrow();
        AssignmentRequest request = new AssignmentRequest(unit, null, "home", Map.of("tier", "gold", "cart_value", "70"));

        // when
        Explanation explanation = config.explain(request);

        // then
        assertThat(explanation.configVersion()).isEqualTo(3);
        assertThat(explanation.holdout().hash()).isEqualTo(Integer.toUnsignedLong(Murmur3.hash("holdout", unit)));
        assertThat(explanation.holdout().heldOut()).isFalse();
        Explanation.LayerStep step = explanation.layers().get(0);
        assertThat(step.units()).singleElement().satisfies(u -> {
            assertThat(u.hash()).isEqualTo(Integer.toUnsignedLong(Murmur3.hash("l", unit)));
            assertThat(u.owner()).isEqualTo("e");
            assertThat(u.used()).isTrue();
        });
        assertThat(step.targeting().rule().children()).extracting(r -> r.result()).containsExactly(true, true);
        assertThat(step.slot().slot()).isEqualTo(Murmur3.bucket("e", unit, 10_000));
        assertThat(step.outcome()).isInstanceOf(LayerOutcome.Assigned.class);
        assertThat(explanation.assignment()).isEqualTo(config.assign(request));
    }

    @Test
    void shouldKeepTheFirstClaimAndWarnWhenTwoExperimentsClaimTheSameBucket() {
        CompiledConfig config = compile(put(1, experiment("a", "l").buckets(0, 10).build()),
                put(2, experiment("b", "l").buckets(5, 20).build()));

        assertThat(config.layers().get(0).ownerOf(7).id()).isEqualTo("a");
        assertThat(config.layers().get(0).ownerOf(15).id()).isEqualTo("b");
        assertThat(config.warnings()).filteredOn(w -> w.contains("claimed")).containsExactly(
                "5 bucket(s) of layer l from 5 on are claimed by both a and b; a keeps them"); // one, not one per bucket
    }

    @Test
    void shouldAssignNothingAndWarnWhenTheSlotMapHasGaps() {
        CompiledConfig config = compile(put(1, experiment("e", "l").buckets(0, 10_000)
                .slots(new SlotRange(0, 5_000, "control")).build()));

        assertThat(config.assign(session("s-1")).assigned()).isEmpty();
        assertThat(config.warnings()).anyMatch(w -> w.contains("invalid slot map"));
    }

    @Test
    void shouldIgnoreARecordWhenItsSequenceIsNotAboveTheLastApplied() {
        ConfigLog log = new ConfigLog();
        assertThat(log.apply(put(5, experiment("e", "l").buckets(0, 10_000).build()))).isTrue();

        // a stale re-delivery that would stop the experiment
        assertThat(log.apply(put(5, experiment("e", "l").status(Status.STOPPED).build()))).isFalse();
        assertThat(log.apply(put(3, experiment("e", "l").status(Status.STOPPED).build()))).isFalse();

        assertThat(log.lastSequence()).isEqualTo(5);
        assertThat(log.compile().assign(session("s-1")).assigned()).hasSize(1);
    }

    @Test
    void shouldDropAnAggregateWhenDeletedOrTombstoned() {
        ConfigLog log = new ConfigLog();
        log.apply(put(1, experiment("e", "l").buckets(0, 10_000).build()));
        log.apply(put(2, experiment("f", "m").buckets(0, 10_000).build()));
        log.apply(holdout(3, 10));

        log.apply(new ConfigChange.Removed("experiment:e", 4));
        log.apply(new ConfigChange.Removed("experiment:f", -1));
        log.apply(new ConfigChange.Removed("holdout", 5));

        CompiledConfig config = log.compile();
        assertThat(config.experiments()).isEmpty();
        assertThat(config.version()).isEqualTo(5);
        assertThat(config.explain(session("s")).holdout()).isNull();
    }
}
