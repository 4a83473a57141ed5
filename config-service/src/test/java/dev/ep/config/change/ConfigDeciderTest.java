package dev.ep.config.change;

import static dev.ep.config.change.ConfigFixtures.T0;
import static dev.ep.config.change.ConfigFixtures.ctx;
import static dev.ep.config.change.ConfigFixtures.definition;
import static dev.ep.config.change.ConfigFixtures.id;
import static dev.ep.config.change.ConfigFixtures.platform;
import static dev.ep.config.change.ConfigFixtures.run;
import static dev.ep.config.change.ConfigFixtures.withDraft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.allocation.Range;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.experiment.Salt;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ConfigDeciderTest {

    private static final ExperimentId X = id("x");

    private static ExperimentDefinition withSalt(ExperimentDefinition d, String salt) {
        return new ExperimentDefinition(d.id(), d.name(), d.hypothesis(), d.owner(), d.layer(), d.unit(), new Salt(salt),
                d.treatments(), d.targeting(), d.primaryMetric(), d.guardrailMetrics(), d.overrides());
    }

    private static void refused(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOf(ConfigException.class).hasMessage(message)
                .extracting(e -> ((ConfigException) e).code()).isEqualTo(code);
    }

    @Test
    void shouldCreateTheDefaultLayerOnceWhenBootstrapping() {
        assertThat(ConfigDecider.bootstrap(ConfigState.EMPTY)).containsExactly(new ConfigEvent.LayerCreated(Layer.defaultLayer()));
        assertThat(ConfigDecider.bootstrap(platform())).isEmpty();
    }

    @Test
    void shouldRefuseDuplicatesWithConflict() {
        refused(() -> run(platform(), new ConfigCommand.CreateLayer(Layer.defaultLayer())),
                ErrorCode.LAYER_ALREADY_EXISTS, "layer 'default' already exists");
        refused(() -> run(withDraft("x"), new ConfigCommand.CreateExperiment(definition("x"))),
                ErrorCode.EXPERIMENT_ALREADY_EXISTS, "experiment 'x' already exists; ids are never reused, choose another");
        refused(() -> run(platform(), new ConfigCommand.DefineCustomMetric(
                        new CustomMetric(new MetricName("conversion"), "signup", Aggregation.OCCURRED, ""))),
                ErrorCode.METRIC_ALREADY_EXISTS, "metric 'conversion' is a built-in metric");
    }

    @Test
    void shouldRefuseUnknownLayerAndMetrics() {
        refused(() -> run(platform(), new ConfigCommand.CreateExperiment(definition("x", new LayerId("checkout"), 5_000, 5_000))),
                ErrorCode.UNKNOWN_LAYER, "layer: 'checkout' does not exist (layers: default)");
        ExperimentDefinition d = definition("x");
        ExperimentDefinition withCustom = new ExperimentDefinition(d.id(), d.name(), d.hypothesis(), d.owner(), d.layer(),
                d.unit(), d.salt(), d.treatments(), d.targeting(), Optional.of(new MetricName("signups")), List.of(),
                d.overrides());
        refused(() -> run(platform(), new ConfigCommand.CreateExperiment(withCustom)), ErrorCode.UNKNOWN_METRIC,
                "metric 'signups' is not in the catalogue (metrics: add_to_cart_rate, average_order_value, conversion,"
                        + " page_views_per_session, revenue_per_session)");

        // once defined, the custom metric can be used
        ConfigState s = run(platform(), new ConfigCommand.DefineCustomMetric(
                new CustomMetric(new MetricName("signups"), "signup", Aggregation.COUNT, "sign-ups per session")),
                new ConfigCommand.CreateExperiment(withCustom));
        assertThat(s.experiment(X)).isPresent();
        assertThat(s.version(AggregateRef.of(new MetricName("signups")))).isEqualTo(1);
    }

    @Test
    void shouldRefuseASaltInUseByAnExperimentThatIsNotStopped() {
        ExperimentDefinition d = definition("y");
        ExperimentDefinition sameSalt = new ExperimentDefinition(d.id(), d.name(), d.hypothesis(), d.owner(), d.layer(),
                d.unit(), new Salt("x"), d.treatments(), d.targeting(), d.primaryMetric(), d.guardrailMetrics(),
                d.overrides());
        refused(() -> run(withDraft("x"), new ConfigCommand.CreateExperiment(sameSalt)), ErrorCode.SALT_IN_USE,
                "salt: 'x' is used by experiment 'x' (DRAFT); experiments that are not stopped need distinct salts");
        ConfigState running = run(withDraft("x"), new ConfigCommand.Start(X, 100),
                new ConfigCommand.CreateExperiment(definition("y")));
        refused(() -> run(running, new ConfigCommand.UpdateDraft(sameSalt)), ErrorCode.SALT_IN_USE,
                "salt: 'x' is used by experiment 'x' (RUNNING); experiments that are not stopped need distinct salts");
        assertThat(ErrorCode.SALT_IN_USE.httpStatus()).isEqualTo(422);

        ConfigState stopped = run(withDraft("x"), new ConfigCommand.Start(X, 100), new ConfigCommand.Stop(X));
        assertThat(run(stopped, new ConfigCommand.CreateExperiment(sameSalt)).experiment(id("y"))).isPresent();
    }

    @Test
    void shouldAcceptSaltsAndExperimentIdsEqualToLayerIdsSinceEveryHashHasItsOwnPurpose() {
        // given: a layer 'search'
        ConfigState s = ConfigFixtures.platformWithLayer("search");
        ExperimentDefinition y = definition("y");

        // when: experiment 'search' in layer 'search' (default salt = its layer's id), and salts named after layers
        ConfigState after = run(s, new ConfigCommand.CreateExperiment(definition("search", new LayerId("search"),
                        5_000, 5_000)),
                new ConfigCommand.CreateExperiment(withSalt(y, "default")),
                new ConfigCommand.CreateExperiment(withSalt(definition("z"), "holdout")),
                new ConfigCommand.Start(id("search"), 5_000), new ConfigCommand.Start(id("y"), 5_000));

        // then: all accepted
        assertThat(after.experiment(id("search")).orElseThrow().definition().salt()).isEqualTo(new Salt("search"));
        assertThat(after.experiment(id("y")).orElseThrow().definition().salt()).isEqualTo(new Salt("default"));
        assertThat(after.experiment(id("z")).orElseThrow().definition().salt()).isEqualTo(new Salt("holdout"));
    }

    @Test
    void shouldCreateALayerWithItsUnitWhenGivenAndSessionOtherwise() {
        ConfigState s = run(platform(),
                new ConfigCommand.CreateLayer(new Layer(new LayerId("members"), "Members", "", AssignmentUnit.USER)),
                new ConfigCommand.CreateLayer(new Layer(new LayerId("search"), "Search", "", null)));

        assertThat(s.layer(new LayerId("members")).orElseThrow().unit()).isEqualTo(AssignmentUnit.USER);
        assertThat(s.layer(new LayerId("search")).orElseThrow().unit()).isEqualTo(AssignmentUnit.SESSION);
        assertThat(s.layer(LayerId.DEFAULT).orElseThrow().unit()).isEqualTo(AssignmentUnit.SESSION);
        // fixed afterwards: the only layer command is creation, and an existing id is refused
        refused(() -> run(s, new ConfigCommand.CreateLayer(new Layer(new LayerId("members"), "Members", "",
                AssignmentUnit.SESSION))), ErrorCode.LAYER_ALREADY_EXISTS, "layer 'members' already exists");
    }

    @Test
    void shouldGiveAnExperimentItsLayersUnitWhenItStatesNone() {
        // given: a USER layer
        ConfigState s = ConfigFixtures.platformWithLayer("members", AssignmentUnit.USER);

        // when: drafts without a unit, in the USER layer and in the (SESSION) default layer
        List<ConfigEvent> created = ConfigDecider.decide(s, new ConfigCommand.CreateExperiment(
                definition("x", new LayerId("members"), null, 5_000, 5_000)), ctx());
        ConfigState after = run(s.apply(created.get(0)), new ConfigCommand.CreateExperiment(
                definition("y", LayerId.DEFAULT, null, 5_000, 5_000)));

        // then: the event carries the resolved unit, so replay needs no layer lookup
        assertThat(((ConfigEvent.ExperimentCreated) created.get(0)).definition().unit()).isEqualTo(AssignmentUnit.USER);
        assertThat(after.experiment(X).orElseThrow().definition().unit()).isEqualTo(AssignmentUnit.USER);
        assertThat(after.experiment(id("y")).orElseThrow().definition().unit()).isEqualTo(AssignmentUnit.SESSION);

        // and: a draft moved to another layer without a unit takes the new layer's
        ConfigState moved = run(after, new ConfigCommand.UpdateDraft(definition("x", LayerId.DEFAULT, null,
                5_000, 5_000)));
        assertThat(moved.experiment(X).orElseThrow().definition().unit()).isEqualTo(AssignmentUnit.SESSION);
    }

    @Test
    void shouldRefuseAnExperimentWhoseUnitDiffersFromItsLayersNamingBothWhenCreatedOrUpdated() {
        // given: a SESSION layer 'search' with a draft of its unit, and a USER layer 'members'
        ConfigState s = run(ConfigFixtures.platformWithLayer("search"),
                new ConfigCommand.CreateLayer(new Layer(new LayerId("members"), "Members", "", AssignmentUnit.USER)),
                new ConfigCommand.CreateExperiment(definition("x", new LayerId("search"), null, 5_000, 5_000)));

        // when / then: a USER experiment in 'search', created or as the draft's update, is refused with 422
        refused(() -> run(s, new ConfigCommand.CreateExperiment(definition("y", new LayerId("search"),
                        AssignmentUnit.USER, 5_000, 5_000))), ErrorCode.UNIT_MISMATCH,
                "unit: experiment unit USER does not match layer 'search' (unit SESSION); every experiment of a layer"
                        + " has the layer's unit");
        refused(() -> run(s, new ConfigCommand.UpdateDraft(definition("x", new LayerId("search"), AssignmentUnit.USER,
                        5_000, 5_000))), ErrorCode.UNIT_MISMATCH,
                "unit: experiment unit USER does not match layer 'search' (unit SESSION); every experiment of a layer"
                        + " has the layer's unit");
        refused(() -> run(s, new ConfigCommand.UpdateDraft(definition("x", new LayerId("members"),
                        AssignmentUnit.SESSION, 5_000, 5_000))), ErrorCode.UNIT_MISMATCH,
                "unit: experiment unit SESSION does not match layer 'members' (unit USER); every experiment of a layer"
                        + " has the layer's unit");
        assertThat(ErrorCode.UNIT_MISMATCH.httpStatus()).isEqualTo(422);
        // a stated unit equal to the layer's is fine
        assertThat(run(s, new ConfigCommand.CreateExperiment(definition("y", new LayerId("members"),
                AssignmentUnit.USER, 5_000, 5_000))).experiment(id("y"))).isPresent();
    }

    @Test
    void shouldLetAnOwnerCreateAndChangeOnlyItsTeamsExperiments() {
        // given: alice acts for team-search only; x belongs to team-checkout (ConfigFixtures' owner)
        CommandContext search = new CommandContext("alice", Optional.of("test"), T0, java.util.OptionalLong.empty(),
                TeamScope.of(List.of("team-search")));
        CommandContext checkout = new CommandContext("bob", Optional.of("test"), T0, java.util.OptionalLong.empty(),
                TeamScope.of(List.of("team-checkout")));
        ConfigState draft = withDraft("x");
        ExperimentDefinition d = definition("y");
        ExperimentDefinition searchOwned = new ExperimentDefinition(d.id(), d.name(), d.hypothesis(), "team-search",
                d.layer(), d.unit(), d.salt(), d.treatments(), d.targeting(), d.primaryMetric(), d.guardrailMetrics(),
                d.overrides());
        ExperimentDefinition handedOver = new ExperimentDefinition(X, d.name(), d.hypothesis(), "team-search",
                d.layer(), d.unit(), d.salt(), d.treatments(), d.targeting(), d.primaryMetric(), d.guardrailMetrics(),
                d.overrides());

        // then: another team's experiment can be neither created, changed, started nor stopped
        refused(() -> ConfigDecider.decide(platform(), new ConfigCommand.CreateExperiment(d), search),
                ErrorCode.TEAM_FORBIDDEN, "'alice' may act for team(s) team-search, so it may not create an"
                        + " experiment owned by 'team-checkout'; a token of that team or an admin may");
        refused(() -> ConfigDecider.decide(draft, new ConfigCommand.Start(X, 100), search),
                ErrorCode.TEAM_FORBIDDEN, "'alice' may act for team(s) team-search, so it may not change experiment"
                        + " 'x', owned by 'team-checkout'; a token of that team or an admin may");
        ConfigState running = run(draft, new ConfigCommand.Start(X, 100));
        for (ConfigCommand c : List.of(new ConfigCommand.Ramp(X, 200), new ConfigCommand.Pause(X),
                new ConfigCommand.Stop(X), new ConfigCommand.ChangeOverrides(X, Overrides.NONE),
                new ConfigCommand.ChangeWeights(X, Map.of("control", 2_000, "b", 8_000)))) {
            assertThatThrownBy(() -> ConfigDecider.decide(running, c, search)).isInstanceOf(ConfigException.class)
                    .extracting(e -> ((ConfigException) e).code()).isEqualTo(ErrorCode.TEAM_FORBIDDEN);
        }
        // and: its own team may, but may not hand its experiment to a team it is not in
        assertThat(ConfigDecider.decide(platform(), new ConfigCommand.CreateExperiment(searchOwned), search))
                .hasSize(1);
        assertThat(ConfigDecider.decide(running, new ConfigCommand.Ramp(X, 200), checkout)).hasSize(1);
        refused(() -> ConfigDecider.decide(draft, new ConfigCommand.UpdateDraft(handedOver), checkout),
                ErrorCode.TEAM_FORBIDDEN, "'bob' may act for team(s) team-checkout, so it may not hand an experiment"
                        + " to 'team-search'; a token of that team or an admin may");
        // and: a missing experiment is still 404, and every-team scopes (admins, the service) are unrestricted
        refused(() -> ConfigDecider.decide(draft, new ConfigCommand.Start(id("nope"), 100), search),
                ErrorCode.EXPERIMENT_NOT_FOUND, "experiment 'nope' does not exist");
        assertThat(ConfigDecider.decide(draft, new ConfigCommand.UpdateDraft(handedOver), ctx())).hasSize(1);
    }

    @Test
    void shouldRequireAReasonToStartRampAndStop() {
        CommandContext noReason = CommandContext.of("alice", " ", Instant.EPOCH);
        refused(() -> ConfigDecider.decide(withDraft("x"), new ConfigCommand.Start(X, 100), noReason),
                ErrorCode.REASON_REQUIRED, "reason: is required to start an experiment");
        ConfigState running = run(withDraft("x"), new ConfigCommand.Start(X, 100));
        refused(() -> ConfigDecider.decide(running, new ConfigCommand.Ramp(X, 200), noReason),
                ErrorCode.REASON_REQUIRED, "reason: is required to ramp an experiment");
        refused(() -> ConfigDecider.decide(running, new ConfigCommand.Stop(X), noReason),
                ErrorCode.REASON_REQUIRED, "reason: is required to stop an experiment");
        assertThat(ConfigDecider.decide(running, new ConfigCommand.Pause(X), noReason)).hasSize(1);
    }

    @Test
    void shouldRequireAPrimaryMetricToStart() {
        ExperimentDefinition d = definition("x");
        ExperimentDefinition noPrimary = new ExperimentDefinition(d.id(), d.name(), d.hypothesis(), d.owner(), d.layer(),
                d.unit(), d.salt(), d.treatments(), d.targeting(), Optional.empty(), List.of(), d.overrides());
        ConfigState s = run(platform(), new ConfigCommand.CreateExperiment(noPrimary));

        refused(() -> run(s, new ConfigCommand.Start(X, 100)), ErrorCode.PRIMARY_METRIC_REQUIRED,
                "experiment 'x' has no primary metric; set one on the draft before starting");
    }

    @Test
    void shouldSayHowMuchIsFreeWhenALayerIsFull() {
        ConfigState s = run(platform(), new ConfigCommand.CreateExperiment(definition("a")),
                new ConfigCommand.CreateExperiment(definition("b")), new ConfigCommand.Start(id("a"), 7_500));

        refused(() -> run(s, new ConfigCommand.Start(id("b"), 3_000)), ErrorCode.LAYER_CAPACITY_EXCEEDED,
                "layer 'default' has 2500 free buckets (25%); experiment 'b' needs 3000 more (30%)");
        ConfigState bRunning = run(s, new ConfigCommand.Start(id("b"), 2_000));
        refused(() -> run(bRunning, new ConfigCommand.Ramp(id("b"), 2_600)), ErrorCode.LAYER_CAPACITY_EXCEEDED,
                "layer 'default' has 500 free buckets (5%); experiment 'b' needs 600 more (6%)");
    }

    @Test
    void shouldStartRampUpAndRampDownWithoutMovingBuckets() {
        // given: a at 10%, b at 10%, a then ramps to 30%
        ConfigState s = run(platform(), new ConfigCommand.CreateExperiment(definition("a")),
                new ConfigCommand.CreateExperiment(definition("b")), new ConfigCommand.Start(id("a"), 1_000),
                new ConfigCommand.Start(id("b"), 1_000));

        // when
        List<ConfigEvent> up = ConfigDecider.decide(s, new ConfigCommand.Ramp(id("a"), 3_000), ctx());
        ConfigState afterUp = s.apply(up.get(0));
        List<ConfigEvent> down = ConfigDecider.decide(afterUp, new ConfigCommand.Ramp(id("a"), 500), ctx());
        ConfigState afterDown = afterUp.apply(down.get(0));

        // then
        assertThat(up).containsExactly(new ConfigEvent.Ramped(id("a"), ConfigFixtures.T0, 1_000, 3_000, List.of(new Range(2_000, 4_000)), List.of()));
        assertThat(afterUp.experiment(id("a")).orElseThrow().allocation().ranges())
                .containsExactly(new Range(0, 1_000), new Range(2_000, 4_000));
        assertThat(down).containsExactly(new ConfigEvent.Ramped(id("a"), ConfigFixtures.T0, 3_000, 500, List.of(),
                List.of(new Range(500, 1_000), new Range(2_000, 4_000))));
        assertThat(afterDown.experiment(id("a")).orElseThrow().allocation().ranges()).containsExactly(new Range(0, 500));
        assertThat(afterDown.experiment(id("b")).orElseThrow().allocation().ranges()).containsExactly(new Range(1_000, 2_000));
    }

    @Test
    void shouldStartANewPhaseRecordingChangedSlotsWhenWeightsChange() {
        ConfigState s = run(withDraft("x"), new ConfigCommand.Start(X, 1_000));

        List<ConfigEvent> events = ConfigDecider.decide(s,
                new ConfigCommand.ChangeWeights(X, Map.of("b", 7_000, "control", 3_000)), ctx(Instant.parse("2026-02-01T00:00:00Z")));
        ConfigState next = s.apply(events.get(0));

        ConfigEvent.WeightsChanged changed = (ConfigEvent.WeightsChanged) events.get(0);
        assertThat(changed.weights()).containsExactly(Map.entry("control", 3_000), Map.entry("b", 7_000));
        assertThat(changed.phase()).isEqualTo(2);
        assertThat(changed.changedSlots()).containsExactly(new Range(3_000, 5_000));
        var x = next.experiment(X).orElseThrow();
        assertThat(x.phase()).isEqualTo(2);
        assertThat(x.phases().get(1).startedAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(x.definition().treatments().weights()).containsExactly(3_000, 7_000);
        assertThat(x.slots().count(1)).isEqualTo(7_000);
    }

    @Test
    void shouldRefuseAddingOrRemovingTreatmentsOfALiveExperiment() {
        ConfigState s = run(withDraft("x"), new ConfigCommand.Start(X, 1_000));

        refused(() -> run(s, new ConfigCommand.ChangeWeights(X, Map.of("control", 3_000, "b", 3_000, "c", 4_000))),
                ErrorCode.TREATMENTS_FIXED, "weights: treatments of a live experiment cannot be added or removed"
                        + " (stop it and create a new experiment); unknown: c");
        refused(() -> run(s, new ConfigCommand.ChangeWeights(X, Map.of("control", 10_000))),
                ErrorCode.TREATMENTS_FIXED, "weights: treatments of a live experiment cannot be added or removed"
                        + " (stop it and create a new experiment); missing: b");
        refused(() -> run(s, new ConfigCommand.ChangeWeights(X, Map.of("control", 3_000, "b", 3_000))),
                ErrorCode.INVALID_WEIGHTS, "treatments: weights must sum to 10000 basis points (100%), got 6000");
        refused(() -> run(s, new ConfigCommand.ChangeWeights(X, Map.of("control", 10_000, "b", 0))),
                ErrorCode.INVALID_WEIGHTS, "weights.b: must be positive, got 0");
    }

    @Test
    void shouldRefuseNoOpChanges() {
        ConfigState s = run(withDraft("x"), new ConfigCommand.Start(X, 1_000));

        refused(() -> run(s, new ConfigCommand.Ramp(X, 1_000)), ErrorCode.NO_CHANGE, "experiment 'x' already runs at 10%");
        refused(() -> run(s, new ConfigCommand.ChangeWeights(X, Map.of("control", 5_000, "b", 5_000))),
                ErrorCode.NO_CHANGE, "experiment 'x' already has these weights");
        refused(() -> run(s, new ConfigCommand.ChangeOverrides(X, Overrides.NONE)), ErrorCode.NO_CHANGE,
                "experiment 'x' already has these overrides");
        refused(() -> run(s, new ConfigCommand.ChangeTargeting(X, dev.ep.targeting.Targeting.EVERYONE)),
                ErrorCode.NO_CHANGE, "experiment 'x' already has this targeting");
        refused(() -> run(platform(), new ConfigCommand.ChangeHoldout(0)), ErrorCode.NO_CHANGE, "holdout is already 0%");
        refused(() -> run(withDraft("x"), new ConfigCommand.UpdateDraft(definition("x"))), ErrorCode.NO_CHANGE,
                "the draft of experiment 'x' already has this definition");
    }

    @Test
    void shouldRefuseOverridesNamingUnknownTreatments() {
        refused(() -> run(withDraft("x"), new ConfigCommand.ChangeOverrides(X, new Overrides(Map.of("qa-7", "purple")))),
                ErrorCode.UNKNOWN_TREATMENT, "overrides.qa-7: treatment 'purple' does not exist (treatments: control, b)");
    }

    @Test
    void shouldRefuseInvalidTrafficAndMissingExperiments() {
        refused(() -> run(withDraft("x"), new ConfigCommand.Start(X, 0)), ErrorCode.INVALID_TRAFFIC,
                "traffic: must be between 1 and 10000 basis points (0.01% to 100%), got 0");
        refused(() -> run(withDraft("x"), new ConfigCommand.Start(X, 10_001)), ErrorCode.INVALID_TRAFFIC,
                "traffic: must be between 1 and 10000 basis points (0.01% to 100%), got 10001");
        refused(() -> run(platform(), new ConfigCommand.Pause(id("nope"))), ErrorCode.EXPERIMENT_NOT_FOUND,
                "experiment 'nope' does not exist");
    }

    @Test
    void shouldRefuseAStaleExpectedVersion() {
        ConfigState s = run(withDraft("x"), new ConfigCommand.Start(X, 1_000));

        refused(() -> ConfigDecider.decide(s, new ConfigCommand.Pause(X), ctx().expecting(1)), ErrorCode.VERSION_CONFLICT,
                "experiment:x is at version 2, not the expected 1; reload it and retry");
        assertThat(ConfigDecider.decide(s, new ConfigCommand.Pause(X), ctx().expecting(2))).hasSize(1);
    }

    @Test
    void shouldSetTheHoldoutsUnitAndKeepItWhenOnlyTheShareChanges() {
        // given / when: a 1% USER holdout, then 2.5% without naming a unit
        ConfigState user = run(platform(), new ConfigCommand.ChangeHoldout(100, Optional.of(AssignmentUnit.USER)));
        ConfigState wider = run(user, new ConfigCommand.ChangeHoldout(250));

        // then
        assertThat(platform().holdout().unit()).isEqualTo(AssignmentUnit.SESSION);
        assertThat(user.holdout()).isEqualTo(Holdout.of(100, AssignmentUnit.USER));
        assertThat(wider.holdout()).isEqualTo(Holdout.of(250, AssignmentUnit.USER));
        refused(() -> run(wider, new ConfigCommand.ChangeHoldout(250, Optional.of(AssignmentUnit.USER))),
                ErrorCode.NO_CHANGE, "holdout is already 2.5%");
        assertThat(run(wider, new ConfigCommand.ChangeHoldout(250, Optional.of(AssignmentUnit.SESSION))).holdout())
                .as("the unit alone is a change").isEqualTo(Holdout.of(250, AssignmentUnit.SESSION));
    }

    @Test
    void shouldChangeTheHoldoutAndCountItsVersion() {
        ConfigState s = run(platform(), new ConfigCommand.ChangeHoldout(500), new ConfigCommand.ChangeHoldout(250));

        assertThat(s.holdout()).isEqualTo(Holdout.of(250));
        assertThat(s.version(AggregateRef.HOLDOUT)).isEqualTo(2);
        refused(() -> run(platform(), new ConfigCommand.ChangeHoldout(10_001)), ErrorCode.INVALID_FIELD,
                "holdout: must be between 0 and 10000 basis points (0% to 100%), got 10001");
    }
}
